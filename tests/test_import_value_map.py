"""The label map maps values too, and an entry that matches nothing is said.

A team renamed values mid-project (the stance AGAINST became CONTRA, the claimer REPORTED
became QUOTED, and the span label BIASED_WORD became SLANT): an export from before the
rename comes back in with ``--map BIASED_WORD=SLANT,AGAINST=CONTRA,claimer.REPORTED=QUOTED``,
into the same project or into a new one of the renamed schema. Without the map, the refusal
of an old value names its field and the map entry that takes it. A map entry that matches
nothing in the files (a typo) is said on every face, as a warning of the import.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from annotator.core.errors import ImportFailed
from annotator.core.formats.label_map import parse_map
from annotator.core.schema_renames import parse_renames
from annotator.models import LabelValue, Span
from annotator.services.accounts.project_admin import edit_project
from annotator.services.accounts.projects import create_project
from annotator.services.datasets.export import start_export
from annotator.services.datasets.export_options import ExportOptions
from annotator.services.datasets.import_options import DatasetOptions
from annotator.services.datasets.imports import import_paths
from tests.export_world import World, build_world
from tests.test_brat_import import MAP as BRAT_MAP
from tests.test_brat_import import SCHEMA, brat_import, write_corpus

RENAMES = {
    "labels": {"BIASED_WORD": "SLANT"},
    "values": {"stance": {"AGAINST": "CONTRA"}, "CLAIM.claimer": {"REPORTED": "QUOTED"}},
}
# Bare (AGAINST: the one field lacking it that has CONTRA) and scoped by field (claimer).
MAP = "BIASED_WORD=SLANT,AGAINST=CONTRA,claimer.REPORTED=QUOTED"


@pytest.fixture
def world(session, make_user, make_project, make_document, assign) -> World:  # noqa: ANN001
    return build_world(session, make_user, make_project, make_document, assign)


@pytest.fixture
def old_export(session: Session, world: World, tmp_path: Path) -> Path:
    """Export the project, then rename its values: the export is from before the rename."""
    export = start_export(session, world.project, ExportOptions())
    path = tmp_path / "old.jsonl"
    path.write_bytes(b"".join(export.chunks))
    edit_project(session, world.project, None, renames=parse_renames(RENAMES))
    session.commit()
    return path


def _renamed_project(session: Session, world: World) -> Any:
    made = create_project(session, "dst", "dst", copy.deepcopy(world.project.schema))
    session.commit()
    return made


def _import(session: Session, project: Any, path: Path, spec: str | None) -> Any:
    report = import_paths(session, project, [path], options=DatasetOptions(label_map=spec))
    session.commit()
    return report


def _refused(session: Session, project: Any, path: Path, spec: str | None) -> list[str]:
    before = _counts(session)
    with pytest.raises(ImportFailed) as info:
        import_paths(session, project, [path], options=DatasetOptions(label_map=spec))
    session.rollback()
    assert _counts(session) == before
    return [d["message"] for d in info.value.details]


def _counts(session: Session) -> tuple[int, int]:
    return (
        session.scalar(select(func.count()).select_from(Span)) or 0,
        session.scalar(select(func.count()).select_from(LabelValue)) or 0,
    )


def _values(session: Session, project: Any) -> dict[str, set[Any]]:
    export = start_export(session, project, ExportOptions())
    found: dict[str, set[Any]] = {}
    for line in b"".join(export.chunks).decode().splitlines():
        record = json.loads(line)
        for layer in record["annotations"]:
            for label in layer["sentence_labels"] + layer["document_labels"]:
                found.setdefault(label["name"], set()).add(json.dumps(label["value"]))
            for span in layer["spans"]:
                found.setdefault("span", set()).add(span["label"])
                for name, value in span["attributes"].items():
                    found.setdefault(name, set()).add(json.dumps(value))
    return found


def test_an_export_from_before_a_value_rename_imports_into_a_project_of_the_new_schema(
    session: Session, world: World, old_export: Path
) -> None:
    target = _renamed_project(session, world)
    report = _import(session, target, old_export, MAP)
    assert report.layers > 0
    values = _values(session, target)
    assert values["stance"] == {'"CONTRA"'}
    assert values["claimer"] == {'"QUOTED"'}
    assert "SLANT" in values["span"] and "BIASED_WORD" not in values["span"]
    assert _values(session, target) == _values(session, world.project)


def test_an_export_from_before_a_value_rename_imports_back_into_its_project_unchanged(
    session: Session, world: World, old_export: Path
) -> None:
    before = _counts(session)
    report = _import(session, world.project, old_export, MAP)
    assert report.layers == 0 and report.layers_unchanged > 0
    assert _counts(session) == before


def test_without_the_map_an_old_value_is_refused_naming_its_field_and_the_map_entry(
    session: Session, world: World, old_export: Path
) -> None:
    target = _renamed_project(session, world)
    said = "\n".join(_refused(session, target, old_export, "BIASED_WORD=SLANT"))
    assert "label 'stance': 'AGAINST' is not one of" in said
    assert "map it with --map stance.AGAINST=OURS, or leave it out with stance.AGAINST=-" in said
    assert "attribute 'claimer': 'REPORTED' is not one of" in said
    assert "map it with --map claimer.REPORTED=OURS" in said


def test_a_refused_import_names_the_entry_that_matched_nothing_among_its_problems(
    session: Session, world: World, old_export: Path
) -> None:
    # A misspelt entry (AGAINTS) is most likely why AGAINST was refused: the refusal says so,
    # last, after the problems in the files (a successful import says it as a warning).
    target = _renamed_project(session, world)
    said = _refused(session, target, old_export, "BIASED_WORD=SLANT,AGAINTS=CONTRA")
    assert any("'AGAINST' is not one of" in message for message in said), said
    assert said[-1].startswith("entry 'AGAINTS=CONTRA' of --map matches nothing in the files")
    # An entry that matched something is not named.
    assert not any("BIASED_WORD=SLANT" in message for message in said), said


def test_the_entry_that_matched_nothing_is_kept_where_a_long_refusal_is_cut(
    session: Session, world: World, old_export: Path, tmp_path: Path
) -> None:
    from annotator.services.datasets.import_refusal import MAX_DETAILS

    target = _renamed_project(session, world)
    records = [json.loads(line) for line in old_export.read_text("utf-8").splitlines()]
    many = tmp_path / "many.jsonl"
    with many.open("w", encoding="utf-8") as out:
        for n in range(MAX_DETAILS // 2):  # each copy brings refused values: over the cut
            for record in records:
                out.write(json.dumps({**record, "id": f"{record['id']}-{n}"}) + "\n")
    said = _refused(session, target, many, "BIASED_WORD=SLANT,AGAINTS=CONTRA")
    assert len(said) == MAX_DETAILS
    assert said[-1].startswith("entry 'AGAINTS=CONTRA' of --map matches nothing in the files")


def test_a_value_mapped_to_dash_is_left_out(
    session: Session, world: World, old_export: Path
) -> None:
    target = _renamed_project(session, world)
    report = _import(
        session, target, old_export, "BIASED_WORD=SLANT,stance.AGAINST=-,claimer.REPORTED=-"
    )
    values = _values(session, target)
    assert "stance" not in values and "claimer" not in values
    assert "SLANT" in values["span"]
    # The stance of alice's, bob's and gold's layers; the claimer of their three claims.
    assert report.as_dict()["tallies"]["values left out by --map FIELD.VALUE=-"] == 6


def test_an_entry_that_matches_nothing_is_a_warning_of_the_import(
    session: Session, world: World, old_export: Path
) -> None:
    target = _renamed_project(session, world)
    report = _import(session, target, old_export, MAP + ",AGAINTS=CONTRA,stance.FAVR=-")
    assert report.layers > 0
    [warning] = report.as_dict()["warnings"]
    assert warning.startswith("entries 'AGAINTS=CONTRA', 'stance.FAVR=-' of --map match nothing")


def test_the_command_line_warns_of_an_entry_that_matches_nothing(
    session: Session, world: World, old_export: Path, runner: Any
) -> None:
    _renamed_project(session, world)
    result = runner.invoke(args=["import", "dst", str(old_export), "--map", MAP + ",Sorce=-"])
    assert result.exit_code == 0, result.output
    assert "Warning: entry 'Sorce=-' of --map matches nothing in the files" in result.output
    result = runner.invoke(args=["import", "dst", str(old_export), "--map", MAP])
    assert result.exit_code == 0, result.output
    assert "Warning" not in result.output


def test_the_api_warns_of_an_entry_that_matches_nothing_in_its_words(
    session: Session, world: World, old_export: Path, client: Any, admin_headers: Any
) -> None:
    _renamed_project(session, world)
    records = [json.loads(line) for line in old_export.read_text("utf-8").splitlines()]
    url = "/api/v1/projects/dst/documents"
    response = client.post(
        url, query_string={"map": MAP + ",Sorce=-"}, json=records, headers=admin_headers
    )
    assert response.status_code == 201, response.get_json()
    [warning] = response.get_json()["warnings"]
    assert warning.startswith("entry 'Sorce=-' of the 'map' query parameter matches nothing")
    assert response.get_json()["annotations"]["layers"] > 0


def test_a_scoped_value_is_read_and_a_scoped_entry_given_twice_is_refused() -> None:
    mapping = parse_map("stance.AGAINST=CONTRA,claimer.N.A.=-")
    assert mapping.values == {("stance", "AGAINST"): "CONTRA", ("claimer", "N.A."): None}
    with pytest.raises(ValueError, match="mapped twice"):
        parse_map("stance.AGAINST=CONTRA,stance.AGAINST=PRO")


def test_a_brat_corpus_has_its_attribute_values_mapped_and_its_unmet_entries_said(
    session: Session, make_project: Any, tmp_path: Path
) -> None:
    schema = copy.deepcopy(SCHEMA)
    schema["span_labels"][0]["attributes"][0]["values"] = ["QUOTED", "JOURNALIST"]
    project = make_project("brat", schema=schema)
    spec = BRAT_MAP + ",claimer.REPORTED=QUOTED,Typo=-"
    report = brat_import(session, project, [write_corpus(tmp_path)], label_map=spec)
    claimers = {
        json.dumps(a.get("claimer"))
        for a in session.scalars(select(Span.attributes).where(Span.label == "CLAIM"))
    }
    assert '"QUOTED"' in claimers and '"REPORTED"' not in claimers
    [warning] = report.warnings
    assert warning.startswith("entry 'Typo=-' of --map matches nothing in the files")
