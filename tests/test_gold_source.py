"""Where each gold item came from: said right, and carried by the exports and the history.

A gold item's source names only the annotators whose own item is exactly what gold holds
(label, offsets and attributes for a span): a majority's span is not said to be given by a
holder who gave its attribute another value. The source (how: unanimous, majority, chosen or
written; over how many annotators; who) is in every exported gold span, relation and label
value of ``jsonl`` and ``hf``, counted in the ``hf`` dataset card, and said in words on the
gold rows of the layer history (names hidden in the hidden-names mode).
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from typing import Any

import pytest
from sqlalchemy import select

from annotator.models import LabelValue, Relation, Span
from annotator.services.annotation.labels import set_label
from annotator.services.annotation.layers import find_layer, open_layer
from annotator.services.annotation.relations import add_relation
from annotator.services.annotation.spans import add_span
from annotator.services.datasets.export import start_export
from annotator.services.datasets.export_options import ExportOptions
from annotator.services.review import adjudication, unanimous
from tests.extras import need
from tests.helpers import login, review_team

TEXT = "Officials said the talks failed.\n\nMoscow denied it strongly."
CLAIM, SOURCE = (15, 31), (0, 9)


@pytest.fixture
def world(session, make_user, make_project, make_document, assign) -> dict[str, Any]:
    """alice, bob and carol annotate ``d1``; rita reviews."""
    project = make_project("demo")
    doc = make_document(project, TEXT, external_id="d1")
    users = review_team(make_user, assign, doc)
    users["carol"] = make_user("carol", "annotator")
    assign(doc, users["carol"])
    return {"project": project, "doc": doc, "users": users}


def _annotate(session, world, claimers: dict[str, str], stances: dict[str, str]) -> None:
    """Each annotator marks the same claim with their claimer, attributed to the source."""
    for name, claimer in claimers.items():
        layer = open_layer(session, world["users"][name], world["doc"], None)
        claim = add_span(session, layer, "CLAIM", *CLAIM, {"claimer": claimer})
        source = add_span(session, layer, "SOURCE", *SOURCE)
        add_relation(session, layer, "ATTRIBUTED_TO", claim.id, source.id)
        set_label(session, layer, 0, "stance", stances[name])
    session.commit()


def _gold_claim(session, world) -> Span:
    gold = find_layer(session, world["doc"], None)
    assert gold is not None
    return session.scalars(
        select(Span).where(Span.layer_id == gold.id, Span.label == "CLAIM")
    ).one()


def _sources(session, world) -> dict[str, tuple[str | None, int | None, str | None]]:
    gold = find_layer(session, world["doc"], None)
    assert gold is not None
    found = {}
    for kind, model in (("span", Span), ("relation", Relation), ("label", LabelValue)):
        for row in session.scalars(select(model).where(model.layer_id == gold.id)):
            name = getattr(row, "label", None) or getattr(row, "type", None) or row.name
            found[f"{kind} {name}"] = (row.source_how, row.source_of, row.source_layer)
    return found


def test_a_majority_holder_who_gave_another_attribute_value_is_not_named(session, world) -> None:
    _annotate(
        session,
        world,
        {"alice": "REPORTED", "bob": "REPORTED", "carol": "JOURNALIST"},
        {"alice": "AGAINST", "bob": "AGAINST", "carol": "AGAINST"},
    )
    unanimous.accept_unanimous(session, world["users"]["rita"], world["doc"], quorum="majority")
    session.commit()
    claim = _gold_claim(session, world)
    assert (claim.attributes, claim.source_layer) == ({"claimer": "REPORTED"}, "alice,bob")
    assert _sources(session, world) == {
        "span CLAIM": ("majority", 3, "alice,bob"),  # carol said JOURNALIST
        "span SOURCE": ("majority", 3, "alice,bob,carol"),
        "relation ATTRIBUTED_TO": ("majority", 3, "alice,bob,carol"),
        "label stance": ("majority", 3, "alice,bob,carol"),
    }


def test_unanimity_names_all_and_a_span_whose_attributes_nobody_gave_names_nobody(
    session, world
) -> None:
    _annotate(
        session,
        world,
        {"alice": "REPORTED", "bob": "REPORTED", "carol": "JOURNALIST"},
        {"alice": "AGAINST", "bob": "AGAINST", "carol": "AGAINST"},
    )
    unanimous.accept_unanimous(session, world["users"]["rita"], world["doc"])
    session.commit()
    # All three mark the claim, but do not agree on its claimer: gold takes the span
    # without it, which none of them gave exactly.
    claim = _gold_claim(session, world)
    assert (claim.attributes, claim.source_layer) == ({}, None)
    sources = _sources(session, world)
    assert sources["span CLAIM"] == ("unanimous", 3, None)
    assert sources["span SOURCE"] == ("unanimous", 3, "alice,bob,carol")
    assert sources["label stance"] == ("unanimous", 3, "alice,bob,carol")


def test_take_this_one_names_each_annotator_who_gave_exactly_it(session, world) -> None:
    _annotate(
        session,
        world,
        {"alice": "REPORTED", "bob": "REPORTED", "carol": "JOURNALIST"},
        {"alice": "AGAINST", "bob": "FAVOR", "carol": "AGAINST"},
    )
    rita = world["users"]["rita"]
    carols = session.scalars(select(Span).where(Span.label == "CLAIM")).all()
    carol_claim = next(s for s in carols if s.attributes == {"claimer": "JOURNALIST"})
    alice_claim = next(s for s in carols if s.attributes == {"claimer": "REPORTED"})
    adjudication.accept_span(session, rita, alice_claim.id)
    session.commit()
    assert _gold_claim(session, world).source_layer == "alice,bob"  # bob's is the same
    assert _sources(session, world)["span CLAIM"] == ("chosen", None, "alice,bob")
    adjudication.accept_attribute(session, rita, carol_claim.id, "claimer")
    session.commit()
    assert _sources(session, world)["span CLAIM"] == ("chosen", None, "carol")
    bobs = _value(session, "FAVOR")
    adjudication.accept_label(session, rita, bobs.id)
    session.commit()
    assert _sources(session, world)["label stance"] == ("chosen", None, "bob")


def _value(session, value: str) -> LabelValue:
    """The one label value of ``value`` (JSON columns are not compared in SQL alike)."""
    (found,) = [v for v in session.scalars(select(LabelValue)) if v.value == value]
    return found


def _majority_then_a_hand_written_span(session, world) -> None:
    _annotate(
        session,
        world,
        {"alice": "REPORTED", "bob": "REPORTED", "carol": "JOURNALIST"},
        {"alice": "AGAINST", "bob": "AGAINST", "carol": "NONE"},
    )
    rita, doc = world["users"]["rita"], world["doc"]
    unanimous.accept_unanimous(session, rita, doc, quorum="majority")
    add_span(session, open_layer(session, rita, doc, "gold"), "CUE", 15, 19, decided_by=rita)
    session.commit()


def test_jsonl_gives_each_gold_item_its_source(session, world) -> None:
    _majority_then_a_hand_written_span(session, world)
    export = start_export(session, world["project"], ExportOptions(layer="gold"))
    record = json.loads(b"".join(export.chunks).decode("utf-8").splitlines()[0])
    gold = record["gold"]
    spans = {s["label"]: s["source"] for s in gold["spans"]}
    assert spans == {
        "CLAIM": {"how": "majority", "of": 3, "annotators": ["alice", "bob"]},
        "SOURCE": {"how": "majority", "of": 3, "annotators": ["alice", "bob", "carol"]},
        "CUE": {"how": "written", "of": None, "annotators": []},
    }
    assert gold["relations"][0]["source"]["annotators"] == ["alice", "bob", "carol"]
    assert gold["sentence_labels"] == [
        {
            "sentence": 0,
            "name": "stance",
            "value": "AGAINST",
            "source": {"how": "majority", "of": 3, "annotators": ["alice", "bob"]},
        }
    ]
    # An annotator's own layer has no source: it is where sources come from.
    everything = start_export(session, world["project"], ExportOptions())
    line = json.loads(b"".join(everything.chunks).decode("utf-8").splitlines()[0])
    assert all("source" not in s for layer in line["annotations"] for s in layer["spans"])
    assert all("source" in s for s in line["gold"]["spans"])


def test_an_exported_gold_source_comes_back_with_an_import(
    session, world, make_project, tmp_path
) -> None:
    """Export, import into another project, export again: each gold item says the same; a
    ``source`` on an annotator's item, or one of an unknown ``how``, is refused by name."""
    from annotator.core.errors import ImportFailed
    from annotator.services.datasets.imports import import_paths

    _majority_then_a_hand_written_span(session, world)
    first = start_export(session, world["project"], ExportOptions(layer="gold"))
    text = b"".join(first.chunks).decode("utf-8")
    path = tmp_path / "gold.jsonl"
    path.write_text(text, encoding="utf-8")
    again = make_project("again")
    import_paths(session, again, [path])
    session.commit()
    second = start_export(session, again, ExportOptions(layer="gold"))
    gold = [json.loads(line)["gold"] for line in (text, b"".join(second.chunks).decode())]
    sources = [
        sorted(json.dumps(item.get("source"), sort_keys=True) for item in layer["spans"])
        for layer in gold
    ]
    assert sources[0] == sources[1] and '"majority"' in sources[0][0] + sources[0][1]
    record = json.loads(text)
    record["id"] = "other"
    source = record["gold"]["spans"][0]["source"]
    record["annotations"] = [
        {"annotator": "alice", "spans": [record["gold"]["spans"][0]], "relations": []}
    ]
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as refused:
        import_paths(session, again, [path])
    session.rollback()
    assert "only a gold item has a 'source'" in str(refused.value.details)
    record["annotations"] = []
    record["gold"]["spans"][0]["source"] = source | {"how": "guessed"}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as refused:
        import_paths(session, again, [path])
    session.rollback()
    assert "'source' how must be one of unanimous, majority, chosen, written" in str(
        refused.value.details
    )


def test_hf_gives_gold_items_their_source_and_the_card_counts_them(session, world) -> None:
    pq = need("pyarrow.parquet")
    _majority_then_a_hand_written_span(session, world)
    rita = world["users"]["rita"]
    carols_none = _value(session, "NONE")
    adjudication.accept_label(session, rita, carols_none.id)  # carol's NONE, taken instead
    session.commit()
    export = start_export(session, world["project"], ExportOptions(format="hf"))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(export.chunks)))
    table = pq.read_table(io.BytesIO(archive.read("data/train-00000-of-00001.parquet")))
    rows = {row["annotator"]: row for row in table.to_pylist()}
    gold = rows["gold"]
    by_text = {s["text"]: s["source"] for s in gold["spans"]}
    assert by_text["the talks failed"] == {
        "how": "majority",
        "of": 3,
        "annotators": ["alice", "bob"],
    }
    assert by_text["the "] == {"how": "written", "of": None, "annotators": []}
    assert gold["relations"][0]["source"]["how"] == "majority"
    assert gold["label_sources"] == [
        {
            "field": "stance",
            "sentence": 0,
            "source": {"how": "chosen", "of": None, "annotators": ["carol"]},
        }
    ]
    assert rows["alice"]["spans"][0]["source"] is None
    assert rows["alice"]["label_sources"] == []
    card = archive.read("README.md").decode("utf-8")
    # Two spans and a relation by majority, a label chosen, a span written by hand.
    assert "| unanimous | majority | chosen | written |" in card
    assert re.search(r"\| `train` \| 0 \| 3 \| 1 \| 1 \|", card), card


def test_the_history_says_a_gold_changes_source_in_words(client, session, world) -> None:
    _majority_then_a_hand_written_span(session, world)
    doc = world["doc"]
    login(client, "rita")
    page = client.get(f"/projects/demo/review/{doc.id}/history?annotator=gold").get_data(True)
    assert "accepted: majority of 3 (alice, bob)" in page
    assert "accepted: majority of 3 (alice, bob, carol)" in page
    assert "written by a reviewer" in page
    hidden = client.get(f"/projects/demo/review/{doc.id}/history?anonymous=1").get_data(True)
    assert "accepted: majority of 3 (Annotator 1, Annotator 2)" in hidden
    assert "alice" not in hidden and "carol" not in hidden


def test_the_history_api_gives_a_gold_changes_source(client, session, world, make_token) -> None:
    _majority_then_a_hand_written_span(session, world)
    answer = client.get(
        f"/api/v1/projects/demo/documents/{world['doc'].id}/history?annotator=gold",
        headers=make_token(world["users"]["rita"]),
    )
    assert answer.status_code == 200, answer.get_json()
    changes = answer.get_json()["changes"]
    claim = next(c for c in changes if c["kind"] == "span" and c["after"]["label"] == "CLAIM")
    assert claim["item_source"] == {"how": "majority", "of": 3, "annotators": ["alice", "bob"]}
    assert claim["summary"]["source"] == "accepted: majority of 3 (alice, bob)"
    cue = next(c for c in changes if c["kind"] == "span" and c["after"]["label"] == "CUE")
    assert cue["item_source"] == {"how": "written", "of": None, "annotators": []}
