"""A relation has a note of its own, as a span has (``relation.note``).

brat's ``#`` AnnotatorNotes on an ``R`` line (or an event that became relations) were counted
and left out by the import; no write, export, project file, gold copy or history held a
relation's note. It is now the relation's own, private to its layer as a span's note is.
"""

from __future__ import annotations

import html
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from annotator.core.span_notes import MAX_NOTE
from annotator.models import Document, Project
from annotator.services.accounts.users import set_password
from annotator.services.datasets.import_options import DatasetOptions
from annotator.services.datasets.imports import import_paths
from annotator.services.datasets.project_dump import dump_project
from annotator.services.datasets.project_load import load_project
from tests.api_world import World, build_world
from tests.conftest import PASSWORD
from tests.helpers import login
from tests.test_brat_import import SCHEMA, brat_import, export_records
from tests.test_brat_notes import brat_files, t_line, write_corpus


@pytest.fixture
def world(client, make_user, make_token, make_project, make_document, assign) -> World:  # noqa: ANN001
    return build_world(client, make_user, make_token, make_project, make_document, assign)


def _claim_to_source(world: World, who: str, **body: Any) -> Any:
    """Mark a CLAIM and its SOURCE in ``who``'s layer and post the relation with ``body``."""
    claim = world.span(who, "CLAIM", 15, 31)
    source = world.span(who, "SOURCE", 0, 9)
    payload = {"type": "ATTRIBUTED_TO", "from": claim["id"], "to": source["id"], **body}
    return world.call(who, "POST", f"/documents/{world.doc.id}/relations", payload)


def _relation_changes(world: World, who: str) -> list[dict[str, Any]]:
    path = f"/projects/demo/documents/{world.doc.id}/history?annotator={who}"
    answer = world.call("rita", "GET", path)
    assert answer.status_code == 200, answer.get_json()
    return [c for c in answer.get_json()["changes"] if c["kind"] == "relation"]


def test_a_relation_posted_with_a_note_keeps_it_trimmed_in_its_layer_and_history(
    world: World,
) -> None:
    made = _claim_to_source(world, "alice", note="  named only later\nsee paragraph 3 \n")
    assert made.status_code == 201, made.get_json()
    assert made.get_json()["note"] == "named only later\nsee paragraph 3"
    (relation,) = world.layer("alice")["relations"]
    assert relation["note"] == "named only later\nsee paragraph 3"
    (created,) = _relation_changes(world, "alice")
    assert created["after"]["note"] == "named only later\nsee paragraph 3"
    # bob's layer has nothing of it; nor may he read alice's.
    assert world.layer("bob")["relations"] == []
    peek = world.call("bob", "GET", f"/documents/{world.doc.id}/annotations?annotator=alice")
    assert peek.status_code in (403, 404)


def test_a_patch_sets_and_clears_a_relations_note_in_the_history(world: World) -> None:
    relation = _claim_to_source(world, "alice").get_json()
    assert "note" not in relation
    path = f"/relations/{relation['id']}"
    first = world.call("alice", "PATCH", path, {"note": " who said it? "})
    assert first.status_code == 200, first.get_json()
    assert first.get_json()["note"] == "who said it?"
    assert world.layer("alice")["relations"][0]["note"] == "who said it?"
    cleared = world.call("alice", "PATCH", path, {"note": None})
    assert cleared.status_code == 200 and "note" not in cleared.get_json()
    assert "note" not in world.layer("alice")["relations"][0]
    updates = [c for c in reversed(_relation_changes(world, "alice")) if c["action"] == "update"]
    assert [(c["before"].get("note"), c["after"].get("note")) for c in updates] == [
        (None, "who said it?"),
        ("who said it?", None),
    ]


def test_a_relations_note_too_long_or_not_text_is_refused_naming_note(world: World) -> None:
    too_long = "x" * (MAX_NOTE + 1)
    refused = _claim_to_source(world, "alice", note=too_long)
    assert refused.status_code == 422, refused.get_json()
    assert refused.get_json()["error"]["details"]["field"] == "note"
    assert world.layer("alice")["relations"] == []
    relation = world.relation("alice", "ATTRIBUTED_TO", *_ends(world, "alice"))
    path = f"/relations/{relation['id']}"
    answer = world.call("alice", "PATCH", path, {"note": too_long})
    assert answer.status_code == 422 and answer.get_json()["error"]["details"]["field"] == "note"
    wrong = world.call("alice", "PATCH", path, {"note": 3})
    assert wrong.status_code in (400, 422) and "note" in wrong.get_json()["error"]["message"]
    empty = world.call("alice", "PATCH", path, {})
    assert empty.status_code == 400 and "note" in empty.get_json()["error"]["message"]
    # Another annotator writes no note on alice's relation.
    theirs = world.call("bob", "PATCH", path, {"note": "mine now"})
    assert theirs.status_code in (403, 404)
    assert "note" not in world.layer("alice")["relations"][0]


def test_the_service_keeps_a_writers_relation_note_as_the_api_does(
    world: World, session: Any
) -> None:
    """The rule is the service's (``write_relation``), as ``insert_span``'s is a span's: a
    face that calls it gets the note trimmed and one too long refused, checking nothing."""
    from annotator.core.errors import Invalid
    from annotator.models import Layer
    from annotator.services.annotation.relations import write_relation

    claim, source = world.span("alice", "CLAIM", 15, 31), world.span("alice", "SOURCE", 0, 9)
    alice = world.users["alice"]
    layer = session.scalar(
        select(Layer).where(Layer.document_id == world.doc.id, Layer.user_id == alice.id)
    )
    with pytest.raises(Invalid) as refused:
        write_relation(
            session,
            layer,
            "ATTRIBUTED_TO",
            claim["id"],
            source["id"],
            decided_by=alice,
            note="x" * (MAX_NOTE + 1),
        )
    assert refused.value.details["field"] == "note"
    made = write_relation(
        session,
        layer,
        "ATTRIBUTED_TO",
        claim["id"],
        source["id"],
        decided_by=alice,
        note="  see paragraph 3 \n",
    )
    assert made.note == "see paragraph 3"
    session.rollback()


def _ends(world: World, who: str) -> tuple[int, int]:
    spans = {s["label"]: s["id"] for s in world.layer(who)["spans"]}
    return spans["CLAIM"], spans["SOURCE"]


def _with_notes(world: World, session: Any) -> None:
    """alice and bob draw the same relation, each with a note of their own."""
    for who, note in (("alice", "named only later"), ("bob", "doubtful\nsee the report")):
        made = _claim_to_source(world, who, note=note)
        assert made.status_code == 201, made.get_json()


def _gold_relations(world: World) -> list[str | None]:
    return [r.get("note") for r in world.layer("rita", "gold")["relations"]]


def test_gold_takes_an_accepted_relations_note_and_joins_unanimous_ones(
    world: World, session: Any
) -> None:
    _with_notes(world, session)
    review = f"/projects/demo/review/{world.doc.id}"
    unanimous = world.call("rita", "POST", f"{review}/unanimous", {})
    assert unanimous.status_code == 200, unanimous.get_json()
    assert _gold_relations(world) == ["alice: named only later\nbob: doubtful\nbob: see the report"]

    bobs = world.layer("bob")["relations"][0]["id"]
    accepted = world.call("rita", "POST", f"{review}/accept", {"kind": "relation", "id": bobs})
    assert accepted.status_code == 200, accepted.get_json()
    assert _gold_relations(world) == ["doubtful\nsee the report"]


def test_the_review_page_shows_a_relation_versions_note_under_it_as_text(
    world: World, session: Any, client: Any
) -> None:
    """The document's review page (the HTML, not the API) shows each relation version's note
    under it, its tag as text: alice's relation, which bob did not draw, is a difference."""
    made = _claim_to_source(world, "alice", note="named <b>later</b>\nsee 3")
    assert made.status_code == 201, made.get_json()
    world.span("bob", "CLAIM", 15, 31)
    world.span("bob", "SOURCE", 0, 9)
    set_password(world.users["rita"], PASSWORD)
    session.commit()

    login(client, "rita")
    page = client.get(f"/projects/demo/review/{world.doc.id}").get_data(as_text=True)
    sections = re.findall(
        r'<section class="difference difference--relation.*?</section>', page, re.S
    )
    assert len(sections) == 1, sections
    (note,) = re.findall(r'<p class="version-note" dir="auto">(.*?)</p>', sections[0], re.S)
    assert note == "named &lt;b&gt;later&lt;/b&gt;\nsee 3"
    assert html.unescape(note) == "named <b>later</b>\nsee 3"
    # Under alice's version, the one that has the relation.
    assert re.search(
        r"<strong>alice</strong>[^<]*<span>ATTRIBUTED_TO[^<]*</span>.*version-note",
        sections[0],
        re.S,
    )


def test_a_deleted_relation_or_span_restored_brings_the_relations_note_back(
    world: World, session: Any
) -> None:
    _with_notes(world, session)
    history = f"/projects/demo/documents/{world.doc.id}/history"

    def restore(kind: str) -> None:
        changes = world.call("rita", "GET", f"{history}?annotator=alice").get_json()["changes"]
        gone = next(c for c in changes if c["kind"] == kind and c["action"] == "delete")
        answer = world.call("rita", "POST", f"{history}/{gone['id']}/restore")
        assert answer.status_code == 200, answer.get_json()

    relation = world.layer("alice")["relations"][0]["id"]
    assert world.call("alice", "DELETE", f"/relations/{relation}").status_code == 204
    restore("relation")
    assert [r.get("note") for r in world.layer("alice")["relations"]] == ["named only later"]

    source = _ends(world, "alice")[1]
    assert world.call("alice", "DELETE", f"/spans/{source}").status_code == 204
    assert world.layer("alice")["relations"] == []
    restore("span")
    assert [r.get("note") for r in world.layer("alice")["relations"]] == ["named only later"]


def _relation_corpus(tmp_path: Path) -> Path:
    return write_corpus(
        tmp_path / "corpus",
        {
            "alice": [
                t_line("T1", "SOURCE", "Officials"),
                t_line("T2", "CLAIM", "the plan will cut costs"),
                "R1\tATTRIBUTED_TO Arg1:T2 Arg2:T1",
                "#1\tAnnotatorNotes R1\tnamed only later",
                "#2\tAnnotatorNotes R1\tcheck the quote",
            ]
        },
    )


def test_a_brat_note_on_a_relation_is_kept_on_it_and_written_back(
    session: Any, make_user: Any, make_project: Any, tmp_path: Path
) -> None:
    make_user("alice")
    project = make_project("fc", SCHEMA)
    report = brat_import(session, project, [_relation_corpus(tmp_path)], label_map=None)
    assert "tallies" not in report.as_dict(), report.as_dict()  # no note left out
    (record,) = export_records(session, project)
    (relation,) = record["annotations"][0]["relations"]
    assert relation["note"] == "named only later\ncheck the quote"

    files, warnings = brat_files(session, project)
    lines = files["alice/n1.ann"].splitlines()
    relation_line = next(x for x in lines if x.startswith("R"))
    number = relation_line.split("\t")[0]
    assert [x.split("\t", 1)[1] for x in lines if x.startswith("#")] == [
        f"AnnotatorNotes {number}\tnamed only later",
        f"AnnotatorNotes {number}\tcheck the quote",
    ]
    assert warnings == {}


def test_a_brat_note_on_an_event_goes_onto_the_relations_it_became(
    session: Any, make_user: Any, make_project: Any, tmp_path: Path
) -> None:
    make_user("alice")
    project = make_project("fc", SCHEMA)
    corpus = write_corpus(
        tmp_path / "corpus",
        {
            "alice": [
                t_line("T1", "Source", "Officials"),
                t_line("T2", "Cue", "said"),
                t_line("T3", "Content", "the plan will cut costs"),
                "E1\tCue:T2 Source:T1 Content:T3",
                "#1\tAnnotatorNotes E1\tan odd attribution",
            ]
        },
    )
    brat_import(session, project, [corpus])
    (record,) = export_records(session, project)
    relations = record["annotations"][0]["relations"]
    assert [(r["type"], r.get("note")) for r in relations] == [
        ("ATTRIBUTED_TO", "an odd attribution")
    ]


def test_the_jsonl_export_and_import_and_the_project_file_carry_a_relations_note(
    session: Any, make_user: Any, make_project: Any, tmp_path: Path
) -> None:
    make_user("alice")
    project = make_project("fc", SCHEMA)
    brat_import(session, project, [_relation_corpus(tmp_path)], label_map=None)
    file = tmp_path / "export.jsonl"
    file.write_text("".join(json.dumps(r) + "\n" for r in export_records(session, project)))
    again = make_project("fc2", SCHEMA)
    report = import_paths(session, again, [file], options=DatasetOptions())
    session.commit()
    assert report.as_dict()["errors"] == []
    (record,) = export_records(session, again)
    assert [r.get("note") for r in record["annotations"][0]["relations"]] == [
        "named only later\ncheck the quote"
    ]

    data = b"".join(dump_project(session, project).chunks)
    load_project(session, io.BytesIO(data), None, slug="fc-copy")
    session.commit()
    copy = session.scalar(select(Project).where(Project.slug == "fc-copy"))
    (record,) = export_records(session, copy)
    assert [r.get("note") for r in record["annotations"][0]["relations"]] == [
        "named only later\ncheck the quote"
    ]
    assert session.scalar(select(Document).where(Document.project_id == copy.id)) is not None
