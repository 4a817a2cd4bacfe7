"""Imported gold that no reviewer has touched is no reference for "Against gold".

Gold that came in with a corpus (pre-annotations imported as gold, still open or in review
with no reviewer's write or decision) scored annotators against unreviewed work; the report
leaves those documents out of "Against gold" and says how many, until a reviewer writes to
that gold, decides on it or marks it final.
"""

from __future__ import annotations

import json
from typing import Any

from annotator.services.agreement.report import agreement_report
from tests.helpers import login

TEXT = "Officials said the border was closed."
CLAIM = {"label": "CLAIM", "start": 15, "end": 36}
SOURCE = {"label": "SOURCE", "start": 0, "end": 9}


def _span(n: int, span: dict[str, Any]) -> dict[str, Any]:
    return {"id": n, **span, "text": TEXT[span["start"] : span["end"]]}


def test_imported_gold_no_reviewer_touched_is_left_out_and_said(
    client: Any, session: Any, make_user: Any, make_token: Any, make_project: Any
) -> None:
    ada, alice, rita = (
        make_user("ada", "admin"),
        make_user("alice", "annotator"),
        make_user("rita", "reviewer"),
    )
    project = make_project()
    ada_headers, rita_headers = make_token(ada), make_token(rita)
    make_token(alice)
    records = [
        {
            "id": doc,
            "text": TEXT,
            "annotations": [{"annotator": "alice", "spans": [_span(1, CLAIM)]}],
            "gold": {"spans": [_span(1, SOURCE)]},
        }
        for doc in ("a", "b")
    ]
    body = "\n".join(json.dumps(r) for r in records)
    answer = client.post(
        f"/api/v1/projects/{project.slug}/documents",
        data=body,
        headers=ada_headers | {"Content-Type": "application/jsonl"},
    )
    assert answer.status_code == 201, answer.get_json()
    ids = answer.get_json()["ids"]
    session.commit()
    report = agreement_report(session, project)
    assert report["gold"]["documents"] == 0 and report["gold"]["unreviewed"] == 2
    # A reviewer's write makes that document's gold reviewed: it counts, the other does not.
    written = client.post(
        f"/api/v1/documents/{ids['b']}/spans?layer=gold", json=CLAIM, headers=rita_headers
    )
    assert written.status_code == 201, written.get_json()
    session.commit()
    # Its gold is in review now: it counts when gold in review is asked for.
    gold = agreement_report(session, project)["gold"]
    assert (gold["documents"], gold["unreviewed"], gold["in_review"]) == (0, 1, 1)
    gold = agreement_report(session, project, include_in_review=True)["gold"]
    assert (gold["documents"], gold["unreviewed"], gold["in_review"]) == (1, 1, 0)
    assert gold["annotators"]["alice"]["documents"] == 1
    login(client, "rita")
    url = f"/projects/{project.slug}/agreement?status=all&include_in_review=1"
    html = client.get(url).get_data(as_text=True)
    section = " ".join(html.split("<h2>Against gold</h2>", 1)[1].split("<h2", 1)[0].split())
    assert (
        "1 document’s gold came in by an import and no reviewer has touched it: it is left "
        "out here" in section
    )
