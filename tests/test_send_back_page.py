"""The Send back form's reason box: optional, as long as the API takes, guarded by CSRF, and
read by the annotator as typed (markup shown, not run)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from annotator.models import Assignment
from annotator.services.annotation.labels import set_status
from annotator.services.annotation.send_back import REASON_MOST
from tests.helpers import csrf_token_from, login, logout

TEXT = "Officials said the talks failed yesterday. Moscow denied it."


def _status(session: Any, assignment_id: int) -> str:
    session.expire_all()
    return session.scalar(select(Assignment.status).where(Assignment.id == assignment_id))


def test_the_reason_typed_on_the_page_reaches_the_annotator_escaped(
    client: Any, session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any
) -> None:
    alice = make_user("alice", "annotator")
    make_user("rita", "reviewer")
    project = make_project("demo")
    document = make_document(project, TEXT, external_id="talks.txt")
    assign(document, alice)
    set_status(session, alice, document, "done")
    session.commit()
    (assignment_id,) = session.scalars(select(Assignment.id)).all()
    login(client, "rita")
    page = client.get("/projects/demo").get_data(as_text=True)
    assert (
        f'<input type="text" name="reason" value="" maxlength="{REASON_MOST}" '
        'class="send-back__reason"'
    ) in page
    url = f"/projects/demo/documents/{document.id}/send-back"
    form = {"annotator": "alice", "back": "project"}

    # Without the CSRF token: refused, nothing sent back.
    assert client.post(url, data=form | {"reason": "why"}).status_code == 403
    assert _status(session, assignment_id) == "done"
    # Longer than the API takes: refused in the API's words, nothing sent back.
    token = csrf_token_from(page)
    too_long = client.post(
        url,
        data=form | {"csrf_token": token, "reason": "x" * (REASON_MOST + 1)},
        follow_redirects=True,
    )
    assert (
        f"Not sent back: &#39;reason&#39; is 501 characters long; it takes at most {REASON_MOST}"
        in (too_long.get_data(as_text=True))
    )
    assert _status(session, assignment_id) == "done"

    reason = '<script>alert("x")</script> recheck & resend'
    sent = client.post(url, data=form | {"csrf_token": token, "reason": reason})
    assert sent.status_code == 302 and _status(session, assignment_id) == "in_progress"
    logout(client)
    login(client, "alice")
    workspace = client.get(f"/projects/demo/documents/{document.id}").get_data(as_text=True)
    assert (
        "Sent back to you by rita: &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; recheck "
        "&amp; resend."
    ) in workspace
    assert "<script>alert" not in workspace
