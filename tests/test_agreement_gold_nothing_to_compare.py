"""The agreement page when gold exists only on documents no annotator has worked on."""

from __future__ import annotations

from typing import Any

from tests.helpers import login

TEXT = "Officials said the border was closed."
CLAIM = {"label": "CLAIM", "start": 15, "end": 36}


def test_gold_on_unannotated_documents_says_why_there_is_nothing_to_compare(
    client: Any, make_user: Any, make_token: Any, make_project: Any, make_document: Any, assign: Any
) -> None:
    alice, rita = make_user("alice", "annotator"), make_user("rita", "reviewer")
    project = make_project()
    hers, gold_only = make_document(project, TEXT, "a"), make_document(project, TEXT, "b")
    assign(hers, alice)
    alice_headers, rita_headers = make_token(alice), make_token(rita)
    mine = client.post(f"/api/v1/documents/{hers.id}/spans", json=CLAIM, headers=alice_headers)
    assert mine.status_code == 201
    gold = client.post(
        f"/api/v1/documents/{gold_only.id}/spans?layer=gold", json=CLAIM, headers=rita_headers
    )
    assert gold.status_code == 201
    final = client.put(
        f"/api/v1/projects/{project.slug}/review/{gold_only.id}/status",
        json={"status": "final"},
        headers=rita_headers,
    )
    assert final.status_code == 200, final.get_json()
    login(client, "rita")
    html = client.get(f"/projects/{project.slug}/agreement").get_data(as_text=True)
    section = " ".join(html.split("<h2>Against gold</h2>", 1)[1].split("<h2", 1)[0].split())
    assert "<table" not in section
    assert (
        "1 document has a gold layer, but no annotator’s layer is on it, "
        "so there is nothing to compare against gold yet." in section
    )
