"""Exporting only the documents whose gold is final (or in review, or open), on every face.

A world of five documents, each annotated by alice and bob: two whose gold rita marked final,
one whose gold holds a span and was never marked (in review), one marked final and then
reopened (open, though its gold holds a span: the reviewer's status stands), and one with no
gold at all (open). Each face is asked for each status and must give exactly those documents.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator.services.annotation.labels import set_label, set_status
from annotator.services.annotation.layers import open_layer
from annotator.services.annotation.spans import add_span
from annotator.services.datasets.export import start_export
from annotator.services.datasets.export_options import ExportOptions
from annotator.services.review.gold_status import final_documents, gold_statuses, set_gold_status
from annotator.services.review.queue import review_page
from tests.extras import need
from tests.helpers import login, review_team

TEXT = "The minister said exports rose sharply. Analysts were not convinced."
EXPECTED = {
    "final": ["gs-final-a", "gs-final-b"],
    "in_review": ["gs-review"],
    "open": ["gs-reopened", "gs-empty"],  # in order of id, as exports go
}


@pytest.fixture
def world(session, make_user, make_project, make_document, assign) -> Any:  # noqa: ANN001
    project = make_project("gs")
    names = ("final-a", "final-b", "review", "reopened", "empty")
    documents = {name: make_document(project, TEXT, external_id=f"gs-{name}") for name in names}
    users = review_team(make_user, assign, *documents.values())
    for document in documents.values():
        for name in ("alice", "bob"):
            layer = open_layer(session, users[name], document, None)
            add_span(session, layer, "SOURCE", 0, 12)
            set_status(session, users[name], document, "done")
    rita = users["rita"]
    for name in ("final-a", "review", "reopened"):
        add_span(session, open_layer(session, rita, documents[name], "gold"), "SOURCE", 0, 12)
    set_label(session, open_layer(session, rita, documents["final-b"], "gold"), 0, "bias", "BIASED")
    for name in ("final-a", "final-b", "reopened"):
        set_gold_status(session, rita, documents[name], "final")
    set_gold_status(session, rita, documents["reopened"], "open")
    session.commit()
    return project


def ids_of(data: str) -> list[str]:
    return [json.loads(line)["id"] for line in data.splitlines() if '"_meta"' not in line]


@pytest.mark.parametrize("status", list(EXPECTED))
def test_service_keeps_exactly_the_documents_whose_gold_has_that_status(
    session, world, status: str
) -> None:
    export = start_export(session, world, ExportOptions(layer="gold", gold_status=status))
    data = b"".join(export.chunks).decode("utf-8")
    if status == "open":
        # The gold layer alone: the reopened document's gold is exported, the empty one has none.
        assert ids_of(data) == ["gs-reopened"]
    else:
        assert ids_of(data) == EXPECTED[status]
    assert export.meta["filters"]["gold_status"] == status
    every = start_export(session, world, ExportOptions(gold_status=status))
    assert ids_of(b"".join(every.chunks).decode("utf-8")) == EXPECTED[status]


def test_final_is_the_same_documents_as_the_review_list_puts_last_as_final(session, world) -> None:
    export = start_export(session, world, ExportOptions(gold_status="final"))
    exported = ids_of(b"".join(export.chunks).decode("utf-8"))
    statuses = gold_statuses(session, world)
    listed = review_page(session, world, None).rows
    final_on_list = [item.external_id for item in listed if statuses[item.document] == "final"]
    assert sorted(final_on_list) == exported
    # Last on the list, after the work left.
    assert [item.external_id for item in listed[-2:]] == final_on_list
    assert {d for d, s in statuses.items() if s == "final"} == final_documents(session, world)


def test_no_filter_keeps_every_document(session, world) -> None:
    export = start_export(session, world, ExportOptions())
    assert len(ids_of(b"".join(export.chunks).decode("utf-8"))) == 5
    assert export.meta["filters"]["gold_status"] is None


@pytest.mark.parametrize("status", list(EXPECTED))
def test_cli_gold_status_and_its_header(runner, world, tmp_path: Path, status: str) -> None:
    out = tmp_path / "gold.jsonl"
    result = runner.invoke(args=["export", "gs", "--gold-status", status, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert ids_of(out.read_text(encoding="utf-8")) == EXPECTED[status]
    meta = json.loads((tmp_path / "gold.jsonl.meta.json").read_text(encoding="utf-8"))
    assert meta["filters"]["gold_status"] == status
    result = runner.invoke(args=["export", "gs", "--gold-status", status, "--header"])
    first = json.loads(result.stdout.splitlines()[0])
    assert first["_meta"]["filters"]["gold_status"] == status
    assert ids_of(result.stdout) == EXPECTED[status]


def test_cli_gold_status_with_a_split_keeps_the_filter_in_every_part(
    runner, world, tmp_path: Path
) -> None:
    out = tmp_path / "parts"
    args = ["export", "gs", "--gold-status", "final", "--split", "train=0.5,test=0.5", "-o"]
    result = runner.invoke(args=[*args, str(out)])
    assert result.exit_code == 0, result.output
    found = sorted(
        line_id for part in out.glob("*.jsonl") for line_id in ids_of(part.read_text("utf-8"))
    )
    assert found == EXPECTED["final"]


def test_cli_refuses_an_unknown_gold_status_as_the_status_filter_does(runner, world) -> None:
    result = runner.invoke(args=["export", "gs", "--gold-status", "done"])
    assert result.exit_code == 1
    assert "gold_status must be one of open, in_review, final, got 'done'" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("status", list(EXPECTED))
def test_api_gold_status_query(client, world, make_token, make_user, status: str) -> None:
    headers = make_token(make_user("ada", "admin"))
    response = client.get(f"/api/v1/projects/gs/export?gold_status={status}", headers=headers)
    assert response.status_code == 200
    assert ids_of(response.get_data(as_text=True)) == EXPECTED[status]
    assert json.loads(response.headers["X-Annotator-Export"])["filters"]["gold_status"] == status


def test_api_refuses_an_unknown_gold_status_as_an_unknown_format(
    client, world, make_token, make_user
) -> None:
    """Every choice the export cannot take is one kind of refusal: 422 naming its field."""
    headers = make_token(make_user("ada", "admin"))
    response = client.get("/api/v1/projects/gs/export?gold_status=Final", headers=headers)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["details"] == {"field": "gold_status", "allowed": ["open", "in_review", "final"]}
    # The same words as the status filter's refusal.
    status = client.get("/api/v1/projects/gs/export?status=finished", headers=headers)
    assert status.status_code == 422
    assert status.get_json()["error"]["message"].startswith("status must be one of")
    assert status.get_json()["error"]["details"]["field"] == "status"
    unknown = client.get("/api/v1/projects/gs/export?format=finished", headers=headers)
    assert unknown.status_code == 422
    assert unknown.get_json()["error"]["details"] == {"field": "format"}


def test_export_page_offers_gold_status_and_downloads_only_final(client, world) -> None:
    login(client, "rita")
    html = client.get("/projects/gs/export").get_data(as_text=True)
    assert 'name="gold_status"' in html
    for value in ("open", "in_review", "final"):
        assert f'<option value="{value}">' in html
    response = client.get(
        "/projects/gs/export", query_string={"format": "jsonl", "gold_status": "final"}
    )
    assert response.status_code == 200
    assert ids_of(response.get_data(as_text=True)) == EXPECTED["final"]
    refused = client.get(
        "/projects/gs/export", query_string={"format": "jsonl", "gold_status": "done"}
    )
    # A choice the form does not offer: 400, as every page's form answers what it refuses
    # (the export's own refusals are 422, as the API's).
    assert refused.status_code == 400


NOT_FINAL_ALL = (
    "2 of 5 documents written have gold that is not final (1 In review, 1 Open): it may "
    "still change; the gold status filter final keeps only the gold a reviewer marked final"
)


def test_gold_not_final_is_counted_on_every_face(
    session, runner, client, world, make_token, make_user, tmp_path: Path
) -> None:
    """Any gold status writes the document in review and the reopened one beside final
    gold: the API's header, the page's notice, the command line and the card say how many."""
    headers = make_token(make_user("ada", "admin"))
    response = client.get("/api/v1/projects/gs/export", headers=headers)
    assert response.status_code == 200
    assert NOT_FINAL_ALL in json.loads(response.headers["X-Annotator-Warnings"])
    # Gold only: the four documents with a gold layer.
    gold = client.get("/api/v1/projects/gs/export?layer=gold", headers=headers)
    assert json.loads(gold.headers["X-Annotator-Warnings"]) == [
        NOT_FINAL_ALL.replace("of 5", "of 4")
    ]
    # Final gold alone: nothing to say.
    final = client.get("/api/v1/projects/gs/export?layer=gold&gold_status=final", headers=headers)
    assert "X-Annotator-Warnings" not in final.headers
    # Gold asked for in review by name: the choice says it.
    review = client.get("/api/v1/projects/gs/export?gold_status=in_review", headers=headers)
    assert "not final" not in review.headers.get("X-Annotator-Warnings", "")
    # An annotator's layer alone holds no gold.
    alice = client.get("/api/v1/projects/gs/export?layer=alice", headers=headers)
    assert "not final" not in alice.headers.get("X-Annotator-Warnings", "")

    login(client, "rita")
    page = " ".join(client.get("/projects/gs/export").get_data(as_text=True).split())
    assert "gold still in review is written beside final gold" in page  # the field's hint
    notice = client.get("/projects/gs/export/warnings", query_string={"format": "jsonl"})
    assert NOT_FINAL_ALL in notice.get_json()["warnings"]

    result = runner.invoke(args=["export", "gs", "-o", str(tmp_path / "all.jsonl")])
    assert result.exit_code == 0, result.output
    assert NOT_FINAL_ALL in result.stderr


def test_the_dataset_card_says_gold_not_final(session, world) -> None:
    need("pyarrow")
    import io
    import zipfile

    export = start_export(session, world, ExportOptions(format="hf", layer="gold"))
    card = zipfile.ZipFile(io.BytesIO(b"".join(export.chunks))).read("README.md").decode()
    assert (
        "**Not all of this gold is final:** 2 of the 4 documents exported have gold a "
        "reviewer has not marked final (1 In review, 1 Open): it may still change."
    ) in card
    final = start_export(session, world, ExportOptions(format="hf", gold_status="final"))
    card = zipfile.ZipFile(io.BytesIO(b"".join(final.chunks))).read("README.md").decode()
    assert "Not all of this gold is final" not in card
