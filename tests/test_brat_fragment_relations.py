"""A relation to or from a discontinuous brat span: one per R line, refusals at the line."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from annotator.core.errors import ImportFailed
from tests.test_brat_import import SCHEMA, ann, brat_import, export_records

TEXT = "The senator of Ohio said the plan will cut costs.\n"
# ATTRIBUTED_TO once per claim, as the seed schema allows it.
ONCE = copy.deepcopy(SCHEMA)
ONCE["relation_types"][0]["max_per_source"] = 1
MAP = "Source=SOURCE,Content=CLAIM,Content-Source=ATTRIBUTED_TO"


def corpus(root: Path, content: str) -> Path:
    root.mkdir()
    (root / "doc.txt").write_text(TEXT, encoding="utf-8")
    (root / "doc.ann").write_text(content, encoding="utf-8")
    return root


def test_a_relation_to_a_discontinuous_span_is_one_relation_to_its_first_fragment(
    session, make_project, tmp_path: Path
) -> None:
    content = ann(
        "T1\tSource 0 11;15 19\tThe senator Ohio",
        "T2\tContent 25 48\tthe plan will cut costs",
        "R1\tContent-Source Arg1:T2 Arg2:T1",
    )
    project = make_project("p", ONCE)
    report = brat_import(
        session, project, [corpus(tmp_path / "c", content)], label_map=MAP, annotator="gold"
    )
    assert (report.spans, report.relations) == (3, 1)
    (record,) = export_records(session, project)
    spans = {s["id"]: s["text"] for s in record["gold"]["spans"]}
    [relation] = record["gold"]["relations"]
    assert (spans[relation["from"]], spans[relation["to"]]) == (
        "the plan will cut costs",
        "The senator",
    )


def test_a_second_relation_past_max_per_source_is_refused_at_its_own_line(
    session, make_project, tmp_path: Path
) -> None:
    content = ann(
        "T1\tSource 0 11;15 19\tThe senator Ohio",
        "T2\tContent 25 48\tthe plan will cut costs",
        "T3\tSource 20 24\tsaid",
        "R1\tContent-Source Arg1:T2 Arg2:T1",
        "R2\tContent-Source Arg1:T2 Arg2:T3",
    )
    project = make_project("p", ONCE)
    root = corpus(tmp_path / "c", content)
    with pytest.raises(ImportFailed) as failure:
        brat_import(session, project, [root], label_map=MAP, annotator="gold")
    [detail] = failure.value.details
    assert (detail["file"], detail["line"]) == (str(root / "doc.ann"), 5)
    assert detail["message"] == (
        "R2: span T2 already has 1 ATTRIBUTED_TO relation (R1 at line 4); "
        "the schema allows at most 1"
    )
    assert ".2" not in failure.value.message  # never a fragment's made-up id


def test_a_relation_the_layer_check_refuses_names_its_r_line(
    session, make_project, tmp_path: Path
) -> None:
    """A refusal of the layer's check (here a relation from a span of a label its type does
    not leave) names the R line's id, not the relation's place in the layer."""
    content = ann(
        "T1\tSource 0 11;15 19\tThe senator Ohio",
        "T2\tContent 25 48\tthe plan will cut costs",
        "R7\tContent-Source Arg1:T1 Arg2:T2",
    )
    project = make_project("p", ONCE)
    with pytest.raises(ImportFailed) as failure:
        brat_import(
            session, project, [corpus(tmp_path / "c", content)], label_map=MAP, annotator="gold"
        )
    assert "'R7'" in failure.value.message, failure.value.message
