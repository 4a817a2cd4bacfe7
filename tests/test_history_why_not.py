"""The History page says why a row has no Restore: an add has nothing earlier to put back.

Intended: a restore puts back what a change replaced or deleted, and never deletes; the
page says so on the row instead of leaving the button out without a word."""

from __future__ import annotations

import re
from typing import Any

from tests.helpers import login

TEXT = "Officials said the border was closed."


def test_an_added_span_says_why_it_has_no_restore_beside_a_status_that_has(
    client: Any, make_user: Any, make_token: Any, make_project: Any, make_document: Any, assign: Any
) -> None:
    alice = make_user("alice", "annotator")
    make_user("rita", "reviewer")
    doc = make_document(make_project(), TEXT, "d1")
    assign(doc, alice)
    headers = make_token(alice)
    span = {"label": "CLAIM", "start": 15, "end": 36}
    assert (
        client.post(f"/api/v1/documents/{doc.id}/spans", json=span, headers=headers).status_code
        == 201
    )
    done = client.put(
        f"/api/v1/documents/{doc.id}/status", json={"status": "done"}, headers=headers
    )
    assert done.status_code == 200
    login(client, "rita")
    html = client.get(f"/projects/demo/review/{doc.id}/history").get_data(as_text=True)
    rows = dict(
        re.findall(
            r'<tr role="row" data-change="\d+" data-kind="(\w+)"[^>]*>(.*?)</tr>', html, re.S
        )
    )
    assert "Restore the earlier value" in rows["status"]
    assert "<button" not in rows["span"]
    why = re.search(r'<small class="muted history-why">([^<]*)</small>', rows["span"])
    assert why is not None
    # The row is the change: its reason says "this change", never a number the page hides.
    assert why.group(1) == (
        "this change created its item: there is no earlier value to restore, "
        "and a restore never deletes"
    )
