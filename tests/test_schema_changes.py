"""A live project's schema changes: renames reach every layer and export, used removals refused."""

from __future__ import annotations

import copy
import io
import json
import re
import zipfile
from typing import Any

import pytest
from sqlalchemy import select

from annotator.core.errors import Conflict, Invalid
from annotator.core.formats import FORMAT_NAMES
from annotator.core.schema_renames import Renames, parse_renames
from annotator.models import AuditEntry, LabelValue, Relation, SchemaVersion, Span
from annotator.services.accounts.project_admin import edit_project
from annotator.services.agreement.report import agreement_report
from annotator.services.datasets.export import start_export
from annotator.services.datasets.export_options import ExportOptions
from tests.export_world import World, build_world
from tests.extras import need

RENAMES = {
    "labels": {"CUE": "CUE_WORD", "CUED_BY": "CUED", "bias": "slant"},
    "values": {
        "stance": {"AGAINST": "CONTRA"},
        "document:genre": {"NEWS": "REPORT"},
        "CLAIM.claimer": {"REPORTED": "QUOTED"},
    },
}
OLD_NAMES = ("CUE", "CUED_BY", "bias", "AGAINST", "NEWS", "REPORTED")
NEW_NAMES = ("CUE_WORD", "CUED", "slant", "CONTRA", "REPORT", "QUOTED")


@pytest.fixture
def world(session, make_user, make_project, make_document, assign) -> World:  # noqa: ANN001
    return build_world(session, make_user, make_project, make_document, assign)


def export_text(session: Any, project: Any, fmt: str) -> str:
    """Return everything an export in ``fmt`` says, as text (archives and DocBins opened)."""
    export = start_export(session, project, ExportOptions(format=fmt, header_line=True))
    data = b"".join(export.chunks)
    meta = json.dumps(export.meta)
    if fmt == "labelstudio-project":
        archive = zipfile.ZipFile(io.BytesIO(data))
        config = archive.read("labeling_config.xml").decode("utf-8")
        # Headings and hints quote the entries' descriptions: free text, never renamed.
        config = re.sub(r'<Header [^>]*/>| hint="[^"]*"', "", config)
        return meta + config + archive.read("tasks.json").decode("utf-8")
    if fmt == "brat":
        archive = zipfile.ZipFile(io.BytesIO(data))
        return meta + "".join(archive.read(n).decode("utf-8") for n in archive.namelist())
    if fmt == "hf":
        parquet = need("pyarrow.parquet")
        archive = zipfile.ZipFile(io.BytesIO(data))
        rows = [
            parquet.read_table(io.BytesIO(archive.read(n))).to_pylist()
            for n in archive.namelist()
            if n.endswith(".parquet")
        ]
        # The card names every label with its count; the rows hold attributes as text.
        return meta + archive.read("README.md").decode("utf-8") + json.dumps(rows, default=str)
    if fmt == "spacy":
        spacy = need("spacy")
        doc_bin = need("spacy.tokens").DocBin().from_bytes(data)
        docs = doc_bin.get_docs(spacy.blank("en").vocab)
        return meta + json.dumps(
            [[[s.label_ for s in d.spans["sc"]], dict(d.cats), d.user_data["spans"]] for d in docs]
        )
    return meta + data.decode("utf-8")


def test_a_rename_reaches_every_layer_and_every_export_format(session: Any, world: World) -> None:
    project = world.project
    for fmt in FORMAT_NAMES:  # the names are all there before
        before = export_text(session, project, fmt)
        assert re.search(r"\bCUE\b", before) or fmt in ("conll",), fmt
    edit_project(session, project, world.users["rita"], renames=parse_renames(RENAMES))
    session.commit()

    assert project.schema_version == 2
    labels = set(session.scalars(select(Span.label)))
    assert "CUE_WORD" in labels and "CUE" not in labels
    assert set(session.scalars(select(Relation.type))) == {"ATTRIBUTED_TO", "CUED"}
    names = set(session.scalars(select(LabelValue.name)))
    assert "slant" in names and "bias" not in names
    values = {json.dumps(v) for v in session.scalars(select(LabelValue.value))}
    assert '"CONTRA"' in values and '"REPORT"' in values and '"AGAINST"' not in values
    attributes = [a for a in session.scalars(select(Span.attributes)) if "claimer" in a]
    # Two annotators and gold each had the claim.
    assert [a["claimer"] for a in attributes] == ["QUOTED"] * 3

    for fmt in FORMAT_NAMES:
        shown = export_text(session, project, fmt)
        for old in OLD_NAMES:
            assert not re.search(rf"\b{old}\b", shown), (fmt, old)
        assert '"schema_version": 2' in shown, fmt
    jsonl = export_text(session, project, "jsonl")
    for new in NEW_NAMES:
        assert re.search(rf"\b{new}\b", jsonl), new
    # The new schema itself, and the write path, know only the new names.
    schema = project.schema
    assert [x["name"] for x in schema["span_labels"]][2] == "CUE_WORD"
    assert schema["relation_types"][1] == schema["relation_types"][1] | {
        "name": "CUED",
        "to": ["CUE_WORD"],
    }
    report = agreement_report(session, project)
    assert report["schema_version"] == 2
    assert "CUE_WORD" in report["spans"] and "slant" in report["labels"]


def test_removing_a_used_label_is_refused_with_its_counts_and_changes_nothing(
    session: Any, world: World
) -> None:
    schema = copy.deepcopy(world.project.schema)
    schema["span_labels"] = [x for x in schema["span_labels"] if x["name"] != "CUE"]
    schema["relation_types"] = [x for x in schema["relation_types"] if x["name"] != "CUED_BY"]
    with pytest.raises(Conflict) as caught:
        edit_project(session, world.project, None, schema=schema)
    session.rollback()
    message = caught.value.message
    assert "CUE is used by 1 span in 1 document (gold: 0)" in message
    assert "CUED_BY is used by 1 relation in 1 document (gold: 0)" in message
    assert world.project.schema_version == 1
    assert "CUE" in session.scalars(select(Span.label)).all()


def test_removing_a_used_value_counts_gold_and_annotators(session: Any, world: World) -> None:
    schema = copy.deepcopy(world.project.schema)
    stance = next(f for f in schema["sentence_labels"] if f["name"] == "stance")
    stance["values"].remove("AGAINST")
    stance["keys"] = ["f", "n"]
    with pytest.raises(Conflict) as caught:
        edit_project(session, world.project, None, schema=schema)
    assert caught.value.details["uses"] == [
        {
            "what": "value AGAINST of stance",
            "rows": 3,
            "documents": 1,
            "gold": 1,
            "noun": "label values",
        }
    ]


def test_a_removed_label_merged_into_another_moves_its_spans(session: Any, world: World) -> None:
    schema = copy.deepcopy(world.project.schema)
    schema["span_labels"] = [x for x in schema["span_labels"] if x["name"] != "CUE"]
    for relation in schema["relation_types"]:
        relation["to"] = ["SOURCE"]
    edit_project(session, world.project, None, schema=schema, renames=Renames({"CUE": "SOURCE"}))
    session.commit()
    labels = session.scalars(select(Span.label)).all()
    assert "CUE" not in labels and labels.count("SOURCE") == 5
    version = session.scalars(select(SchemaVersion).order_by(SchemaVersion.version)).all()[-1]
    assert version.change == "renamed span label CUE to SOURCE"


def test_adding_labels_and_values_is_allowed_and_versions_are_kept_in_order(
    session: Any, world: World
) -> None:
    for n, name in enumerate(("EVIDENCE", "QUOTE"), start=2):
        schema = copy.deepcopy(world.project.schema)
        schema["span_labels"].append({"name": name})
        schema["document_labels"][0]["values"].append(f"GENRE_{n}")
        edit_project(session, world.project, world.users["rita"], schema=schema)
        session.commit()
        assert world.project.schema_version == n
    edit_project(session, world.project, None, guidelines="Read *carefully*.")
    session.commit()
    versions = session.scalars(
        select(SchemaVersion)
        .where(SchemaVersion.project_id == world.project.id)
        .order_by(SchemaVersion.id)
    ).all()
    assert [v.version for v in versions] == [1, 2, 3, 4]
    assert (
        versions[1].change == "added span label EVIDENCE; added value(s) GENRE_2 of document:genre"
    )
    assert versions[3].change == "changed guidelines"
    assert versions[3].schema["guidelines"] == "Read *carefully*."
    assert world.project.schema == versions[3].schema
    actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["project.update"] * 3


def test_renames_that_do_not_fit_are_refused(session: Any, world: World) -> None:
    project = world.project
    with pytest.raises(Invalid, match="'NOPE' is not in the current schema"):
        edit_project(session, project, None, renames=Renames({"NOPE": "X"}))
    with pytest.raises(Invalid, match="cannot be merged"):
        edit_project(session, project, None, renames=Renames({"bias": "stance"}))
    assert project.schema_version == 1


def test_the_write_path_sees_a_changed_schema_at_once(session: Any, world: World) -> None:
    from annotator.services.annotation.layers import open_layer
    from annotator.services.annotation.spans import add_span

    document = world.documents["emoji"]  # bob's layer of it is in progress: open to writes
    layer = open_layer(session, world.users["bob"], document, None)
    add_span(session, layer, "CUE", 4, 12)
    session.commit()
    edit_project(session, world.project, None, renames=Renames({"CUE": "CUE_WORD"}))
    session.commit()
    layer = open_layer(session, world.users["bob"], document, None)
    with pytest.raises(Invalid):
        add_span(session, layer, "CUE", 13, 17)
    assert add_span(session, layer, "CUE_WORD", 13, 17).label == "CUE_WORD"


def test_the_agreement_report_states_its_schema_version_on_every_face(
    session: Any, world: World, client: Any, runner: Any, make_token: Any
) -> None:
    edit_project(session, world.project, None, renames=Renames({"CUE": "CUE_WORD"}))
    session.commit()
    headers = make_token(world.users["rita"])
    answer = client.get("/api/v1/projects/src/agreement", headers=headers)
    assert answer.get_json()["schema_version"] == 2
    printed = runner.invoke(args=["agreement", "src"])
    assert "Project src (schema version 2):" in printed.output


LIST_SCHEMA = {
    "span_labels": [
        {
            "name": "CLAIM",
            "attributes": [{"name": "topic", "values": ["WAR", "TRADE", "AID"], "multiple": True}],
        }
    ],
    "sentence_labels": [
        {"name": "frames", "values": ["ECON", "SECURITY", "MORAL"], "multiple": True}
    ],
}


def test_values_inside_lists_are_renamed_and_merged_in_order(
    session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any
) -> None:
    from annotator.services.annotation.labels import set_label
    from annotator.services.annotation.layers import open_layer
    from annotator.services.annotation.spans import add_span

    alice = make_user("alice")
    project = make_project("lists", schema=LIST_SCHEMA)
    document = make_document(project, "The war costs money. Aid was sent.")
    assign(document, alice)
    layer = open_layer(session, alice, document, None)
    add_span(session, layer, "CLAIM", 0, 19, {"topic": ["TRADE", "WAR", "AID"]})
    set_label(session, layer, 0, "frames", ["MORAL", "ECON"])
    set_label(session, layer, 1, "frames", ["SECURITY", "ECON", "MORAL"])
    session.commit()
    renames = {
        "values": {
            "frames": {"ECON": "ECONOMY", "MORAL": "SECURITY"},
            "CLAIM.topic": {"WAR": "CONFLICT"},
        }
    }
    edit_project(session, project, None, renames=parse_renames(renames))
    session.commit()
    assert session.scalars(select(Span.attributes)).one() == {"topic": ["CONFLICT", "TRADE", "AID"]}
    values = session.scalars(select(LabelValue.value).order_by(LabelValue.sentence_index)).all()
    # Stored in the schema's order ("MORAL", "ECON" as ECON, MORAL), renamed and merged so.
    assert values == [["ECONOMY", "SECURITY"], ["ECONOMY", "SECURITY"]]
    assert project.schema["sentence_labels"][0]["values"] == ["ECONOMY", "SECURITY"]
    assert project.schema["span_labels"][0]["attributes"][0]["values"] == [
        "CONFLICT",
        "TRADE",
        "AID",
    ]


def test_the_default_scheme_is_a_valid_claim_source_cue_scheme() -> None:
    from annotator.core.default_schema import default_schema
    from annotator.core.label_schema import validate_schema

    schema = validate_schema(default_schema())
    assert {"CLAIM", "SOURCE", "CUE"} <= {label["name"] for label in schema["span_labels"]}
    # A fresh copy each time: a caller's edits never reach the next project.
    default_schema()["span_labels"].clear()
    assert default_schema()["span_labels"]
