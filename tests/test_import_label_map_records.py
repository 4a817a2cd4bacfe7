"""Label Studio and doccano files as their users have them: another tool's label names, Label
Studio's relations without a label and their direction, and JSON-MIN's per-annotation fields.

The label map (``--map``, the import page's Label map, the API's ``map``) applies to the
annotations of doccano, Label Studio and ``jsonl`` records as it does to a brat or CoNLL
corpus; every refusal names its file and line, and a refused import stores nothing.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from annotator.core.errors import ImportFailed, Invalid
from annotator.models import Document, Relation, Span
from annotator.services.accounts.projects import create_project
from annotator.services.datasets.export import start_export
from annotator.services.datasets.export_options import ExportOptions
from annotator.services.datasets.import_options import DatasetOptions
from annotator.services.datasets.imports import import_paths
from tests.conftest import SEED_SCHEMA

TEXT = "Officials said the plan will cut costs."
# Their names for our SOURCE, CUE and CLAIM, as a Label Studio or doccano project has them.
OFFICIALS, SAID, PLAN = (0, 9, "Person"), (10, 14, "Says"), (15, 38, "Quote")
MAP = "Person=SOURCE,Says=CUE,Quote=CLAIM"
# The seed schema with one relation type: an unlabelled relation can only be that one.
ONE_TYPE = {**copy.deepcopy(SEED_SCHEMA), "relation_types": [SEED_SCHEMA["relation_types"][0]]}


def region(rid: str, place: tuple[int, int, str]) -> dict[str, Any]:
    start, end, label = place
    value = {"start": start, "end": end, "text": TEXT[start:end], "labels": [label]}
    return {"id": rid, "from_name": "label", "to_name": "text", "type": "labels", "value": value}


def relation(source: str, target: str, **fields: Any) -> dict[str, Any]:
    return {"type": "relation", "from_id": source, "to_id": target, **fields}


def task(*result: dict[str, Any], annotator: str = "alice") -> dict[str, Any]:
    """A Label Studio task as its JSON export writes it, annotated by ``annotator``."""
    annotation = {"completed_by": {"email": annotator}, "result": list(result)}
    return {"id": 7, "data": {"text": TEXT, "id": "doc-1"}, "annotations": [annotation]}


def write_json(tmp_path: Path, tasks: list[dict[str, Any]], name: str = "export.json") -> Path:
    path = tmp_path / name
    # One task a line: a refusal's line is the task's.
    path.write_text("[\n" + ",\n".join(json.dumps(t) for t in tasks) + "\n]\n", "utf-8")
    return path


def write_jsonl(tmp_path: Path, records: list[dict[str, Any]], name: str = "in.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def project(session: Any, schema: dict[str, Any] | None = None, slug: str = "demo") -> Any:
    made = create_project(session, slug, slug, schema or SEED_SCHEMA)
    session.commit()
    return made


def importing(session: Any, target: Any, path: Path, spec: str | None = None) -> Any:
    options = DatasetOptions(create_users=True, label_map=spec)
    report = import_paths(session, target, [path], options=options)
    session.commit()
    return report


def refused(session: Any, target: Any, path: Path, spec: str | None = None) -> list[str]:
    """Return the problems of an import that must be refused, checking it stored nothing."""
    before = stored(session)
    with pytest.raises(ImportFailed) as info:
        import_paths(
            session, target, [path], options=DatasetOptions(create_users=True, label_map=spec)
        )
    session.rollback()
    assert stored(session) == before
    return [f"{d['file']}:{d['line']}: {d['message']}" for d in info.value.details]


def stored(session: Any) -> tuple[int, ...]:
    return tuple(
        session.scalar(select(func.count()).select_from(m)) for m in (Document, Span, Relation)
    )


def layer(session: Any, target: Any, annotator: str = "alice") -> dict[str, Any]:
    """Return one layer of the project's ``jsonl`` export, relations by their spans' labels."""
    export = start_export(session, target, ExportOptions())
    [record] = [json.loads(line) for line in b"".join(export.chunks).decode().splitlines()]
    [found] = [a for a in record["annotations"] if a["annotator"] == annotator]
    labels = {s["id"]: s["label"] for s in found["spans"]}
    return {
        "spans": sorted((s["label"], s["start"], s["end"]) for s in found["spans"]),
        "relations": sorted(
            (r["type"], labels[r["from"]], labels[r["to"]]) for r in found["relations"]
        ),
        "meta": record["meta"],
    }


def test_an_unlabelled_relation_is_the_projects_only_relation_type(
    session: Any, tmp_path: Path
) -> None:
    # Label Studio's usual set-up: <Relations> is optional, so its relations have no label.
    target = project(session, ONE_TYPE)
    path = write_json(
        tmp_path, [task(region("q", PLAN), region("p", OFFICIALS), relation("q", "p"))]
    )
    report = importing(session, target, path, MAP)
    assert report.relations == 1
    assert layer(session, target)["relations"] == [("ATTRIBUTED_TO", "CLAIM", "SOURCE")]


def test_an_unlabelled_relation_among_several_types_is_refused_saying_how_to_choose(
    session: Any, tmp_path: Path
) -> None:
    target = project(session)
    unlabelled = relation("q", "p", labels=[])  # an empty list, as Label Studio also writes
    path = write_json(tmp_path, [task(region("q", PLAN), region("p", OFFICIALS), unlabelled)])
    [problem] = refused(session, target, path, MAP)
    where = "relation 0 (id 1, no label, 'q' -> 'p')"
    assert problem.startswith(f"{path}:2: document 'doc-1', layer 'alice', {where}: ")
    assert (
        "it has no label and the project has 2 relation types (ATTRIBUTED_TO, CUED_BY)" in problem
    )
    assert "--map =ATTRIBUTED_TO (or another type)" in problem and "--map =-" in problem


@pytest.mark.parametrize(
    ("entry", "expected"),
    [("=CUED_BY", [("CUED_BY", "CLAIM", "CUE")]), ("=-", [])],
)
def test_the_map_gives_unlabelled_relations_their_type_or_leaves_them_out(
    session: Any, tmp_path: Path, entry: str, expected: list[Any]
) -> None:
    target = project(session)
    result = [region("q", PLAN), region("s", SAID), relation("q", "s")]
    path = write_json(tmp_path, [task(*result)])
    report = importing(session, target, path, f"{MAP},{entry}")
    got = layer(session, target)
    assert got["relations"] == expected
    assert got["spans"] == [("CLAIM", 15, 38), ("CUE", 10, 14)]
    left = [count for what, count in report.tallies.items() if "left out by --map" in what.many]
    assert left == ([] if expected else [1])


def test_a_relation_pointing_left_goes_from_its_to_id_to_its_from_id(
    session: Any, tmp_path: Path
) -> None:
    # Drawn from the source to the claim, the arrow turned back to the claim: the claim is
    # attributed to the source. Read as drawn, it was refused (a SOURCE cannot be attributed).
    target = project(session)
    back = relation("p", "q", labels=["ATTRIBUTED_TO"], direction="left")
    ours = [region("q", (15, 38, "CLAIM")), region("p", (0, 9, "SOURCE")), back]
    importing(session, target, write_json(tmp_path, [task(*ours)]))
    assert layer(session, target)["relations"] == [("ATTRIBUTED_TO", "CLAIM", "SOURCE")]


@pytest.mark.parametrize(
    ("direction", "said"),
    [
        ("bi", "a relation pointing both ways (direction 'bi') cannot come in"),
        ("up", "a relation's direction is right, left or bi, not 'up'"),
    ],
)
def test_a_relation_both_ways_or_of_another_direction_is_refused_naming_it(
    session: Any, tmp_path: Path, direction: str, said: str
) -> None:
    target = project(session, ONE_TYPE)
    both = relation("q", "p", direction=direction)
    good = task(region("q", PLAN), region("p", OFFICIALS))
    path = write_json(tmp_path, [good, task(region("q", PLAN), region("p", OFFICIALS), both)])
    [problem] = refused(session, target, path, MAP)
    assert problem.startswith(f"{path}:3: annotations[0].result[2]: {said}")


def test_a_doccano_file_comes_in_under_the_map_and_a_label_left_out_takes_its_relations(
    session: Any, tmp_path: Path
) -> None:
    line = {
        "id": "doc-1",
        "text": TEXT,
        "annotator": "bob",
        "entities": [
            {"id": 1, "label": "Quote", "start_offset": 15, "end_offset": 38},
            {"id": 2, "label": "Person", "start_offset": 0, "end_offset": 9},
            {"id": 3, "label": "Says", "start_offset": 10, "end_offset": 14},
        ],
        "relations": [
            {"id": 1, "from_id": 1, "to_id": 2, "type": "said_by"},
            {"id": 2, "from_id": 1, "to_id": 3, "type": "cued"},
        ],
    }
    target = project(session)
    path = write_jsonl(tmp_path, [line])
    report = importing(
        session, target, path, "Person=SOURCE,Quote=CLAIM,said_by=ATTRIBUTED_TO,Says=-"
    )
    got = layer(session, target, "bob")
    assert got["spans"] == [("CLAIM", 15, 38), ("SOURCE", 0, 9)]
    assert got["relations"] == [("ATTRIBUTED_TO", "CLAIM", "SOURCE")]
    said = {what.said(count) for what, count in report.tallies.items()}
    assert "2 spans and relations left out by --map NAME=-" in said


def test_a_label_neither_mapped_nor_ours_is_refused_naming_it_its_line_and_the_map(
    session: Any, tmp_path: Path
) -> None:
    target = project(session)
    lines = [
        {"id": "a", "text": TEXT, "annotator": "bob", "label": [[0, 9, "Person"]]},
        {"id": "b", "text": TEXT, "annotator": "bob", "label": [[15, 38, "Rumour"]]},
    ]
    path = write_jsonl(tmp_path, lines)
    [problem] = refused(session, target, path, "Person=SOURCE")
    assert problem.startswith(
        f"{path}:2: document 'b', layer 'bob', span 0 (id 1, 'Rumour' [15, 38))"
    )
    assert "unknown span label 'Rumour'; the schema has" in problem
    assert problem.endswith("; map it with --map Rumour=OURS, or leave it out with Rumour=-")


def test_an_unknown_relation_type_is_refused_with_the_map_too(session: Any, tmp_path: Path) -> None:
    target = project(session, ONE_TYPE)
    labelled = relation("q", "p", labels=["says"])
    path = write_json(tmp_path, [task(region("q", PLAN), region("p", OFFICIALS), labelled)])
    problem, unmatched = refused(session, target, path, MAP)
    assert "unknown relation type 'says'" in problem
    assert problem.endswith("map it with --map says=OURS, or leave it out with says=-")
    # A name refused as not ours: the entry that matched nothing (Says, a span label's, these
    # files have none) is named after it, as a likely misspelling of the refused one.
    assert unmatched.startswith("--map:None: entry 'Says=CUE' of --map matches nothing")


def test_a_label_studio_export_with_its_labels_renamed_comes_back_the_same_under_the_map(
    session: Any, tmp_path: Path
) -> None:
    # Ours out, renamed as another project names them, and back in under the map: the
    # same spans and relations, at the same offsets.
    source = project(session, slug="source")
    result = [region("q", (15, 38, "CLAIM")), region("p", (0, 9, "SOURCE"))]
    result.append(relation("q", "p", labels=["ATTRIBUTED_TO"]))
    importing(session, source, write_json(tmp_path, [task(*result)], "ours.json"))
    before = layer(session, source)
    export = start_export(session, source, ExportOptions(format="labelstudio"))
    text = b"".join(export.chunks).decode()
    for ours, theirs in (("CLAIM", "Quote"), ("SOURCE", "Person"), ("ATTRIBUTED_TO", "said_by")):
        text = text.replace(f'"{ours}"', f'"{theirs}"')
    renamed = tmp_path / "theirs.json"
    renamed.write_text(text, encoding="utf-8")
    copy_ = project(session, slug="copy")
    importing(session, copy_, renamed, "Quote=CLAIM,Person=SOURCE,said_by=ATTRIBUTED_TO")
    after = layer(session, copy_)
    assert (after["spans"], after["relations"]) == (before["spans"], before["relations"])
    assert after["relations"] == [("ATTRIBUTED_TO", "CLAIM", "SOURCE")]


def test_json_min_keeps_each_annotations_own_fields_out_of_the_documents_meta(
    session: Any, tmp_path: Path
) -> None:
    # Label Studio's JSON-MIN: one record per annotation, the task's data beside the
    # annotation's id, times and annotator.
    def record(annotator: str, number: int, lead: float) -> dict[str, Any]:
        return {
            "id": 7,
            "text": TEXT,
            "source": "wire",
            "label": [{"start": 0, "end": 9, "text": "Officials", "labels": ["SOURCE"]}],
            "annotator": annotator,
            "annotation_id": number,
            "created_at": f"2026-01-0{number}T10:00:00Z",
            "updated_at": f"2026-01-0{number}T11:00:00Z",
            "lead_time": lead,
        }

    target = project(session)
    path = tmp_path / "min.json"
    path.write_text(json.dumps([record("alice", 1, 12.5), record("bob", 2, 40.0)]), "utf-8")
    report = importing(session, target, path)
    # One document, whose second record brings another layer: not a second document.
    assert (report.created, report.unchanged, report.layers) == (1, 0, 2)
    for name in ("alice", "bob"):
        got = layer(session, target, name)
        assert got["spans"] == [("SOURCE", 0, 9)]
        assert got["meta"] == {"source": "wire"}
    assert any("JSON-MIN" in what.many and count == 2 for what, count in report.tallies.items())


def test_a_map_for_files_that_bring_no_annotations_is_refused(session: Any, tmp_path: Path) -> None:
    target = project(session)
    path = tmp_path / "plain.txt"
    path.write_text(TEXT, encoding="utf-8")
    [problem] = refused(session, target, path, "Person=SOURCE")
    assert "--map maps the labels of annotations, and no record here brings any" in problem


@pytest.mark.parametrize(
    ("spec", "said"),
    [
        ("=", "'=' is not NAME=OURS, NAME=-, =RELATION or ROLE->ROLE=RELATION"),
        ("=CUED_BY,=ATTRIBUTED_TO", "=OURS (relations without a label) is mapped twice"),
    ],
)
def test_a_map_that_cannot_be_read_stops_before_the_files(
    session: Any, tmp_path: Path, spec: str, said: str
) -> None:
    target = project(session)
    path = write_jsonl(tmp_path, [{"text": TEXT, "label": [[0, 9, "SOURCE"]], "annotator": "a"}])
    with pytest.raises(Invalid, match=said.replace("(", r"\(").replace(")", r"\)")):
        import_paths(session, target, [path], options=DatasetOptions(label_map=spec))


def test_the_map_renames_a_spans_attributes_too_and_leaves_out_those_mapped_to_a_dash(
    session: Any, tmp_path: Path
) -> None:
    # Label Studio's per-region choices, named by their <Choices name=...>.
    target = project(session)
    quote = region("q", PLAN)
    who = {**quote, "type": "choices", "from_name": "who_says"}
    who["value"] = {**quote["value"], "choices": ["REPORTED"]}
    del who["value"]["labels"]
    mood = {**who, "from_name": "mood", "value": {**who["value"], "choices": ["calm"]}}
    path = write_json(tmp_path, [task(quote, who, mood)])
    importing(session, target, path, "Quote=CLAIM,who_says=claimer,mood=-")
    export = start_export(session, target, ExportOptions())
    [record] = [json.loads(line) for line in b"".join(export.chunks).decode().splitlines()]
    [span] = record["annotations"][0]["spans"]
    assert (span["label"], span["attributes"]) == ("CLAIM", {"claimer": "REPORTED"})
