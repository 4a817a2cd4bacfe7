"""The Hugging Face dataset card says how relations were matched, what a gold-only export
holds, and how to load a split under the name it was given.

The card said "F1" for relations without saying whether their ends matched exactly or by
overlap; "0 annotators and a gold layer in this export" for gold alone; and named a `dev`
split without a word on loading it, where the Hub's usual name is `validation`. Split names
stay as the user gave them: the card says how to load each.
"""

from __future__ import annotations

from annotator.core.formats import ExportContext
from annotator.core.formats.hf_card import SplitSummary, dataset_card
from annotator.core.formats.hf_card_people import people_section

RELATIONS = {"ATTRIBUTED_TO": {"f1": 0.5, "f1_overlap": 0.75}}


def _card(splits: list[str], split_spec: str | None = None) -> str:
    dataset: dict = {"license": "cc-by-4.0"}
    if split_spec:
        dataset["split"] = {"spec": split_spec, "seed": 1, "group_by": None}
    context = ExportContext(
        schema={"span_labels": []},
        meta={"project": "news", "name": "News", "layer": "gold"},
        dataset=dataset,
    )
    return dataset_card(context, {}, {name: SplitSummary() for name in splits}, ["gold"])


def test_relation_f1_says_ends_exact_and_ends_overlap() -> None:
    agreement = {"documents_compared": 2, "labels": {}, "relations": RELATIONS}
    card = "\n".join(people_section(["alice", "bob"], agreement, {"span_labels": []}))
    assert "| relation type | F1 (ends exact) | F1 (ends overlap) |" in card
    assert "| `ATTRIBUTED_TO` | 0.500 | 0.750 |" in card
    assert "both its ends" in card and "by overlap" in card


def test_a_gold_only_export_says_gold_only() -> None:
    card = "\n".join(people_section(["gold"], None, {"span_labels": []}))
    assert "0 annotators" not in card
    assert "Gold only: no annotator's layer is in this export." in card
    people = "\n".join(people_section(["alice", "gold"], None, {"span_labels": []}))
    assert "1 annotator and a gold layer in this export." in people


def test_a_dev_split_keeps_its_name_and_the_card_says_how_to_load_it() -> None:
    card = _card(["train", "dev", "test"], "train=0.8,dev=0.1,test=0.1")
    # The YAML keeps the user's names; the Hub loads each split under that name.
    assert '- split: "dev"' in card and "validation" not in card.split("---")[1]
    loading = card.split("\n## Loading\n", 1)[1].split("\n## ", 1)[0]
    assert 'load_dataset("FOLDER", split="dev")' in loading
    assert "`validation`" in loading and "kept as given" in loading


def test_a_train_only_card_says_how_to_load_without_a_word_on_validation() -> None:
    card = _card(["train"])
    loading = card.split("\n## Loading\n", 1)[1].split("\n## ", 1)[0]
    assert 'load_dataset("FOLDER", split="train")' in loading
    assert "validation" not in loading


def test_the_rows_table_names_every_column_and_field_the_features_have() -> None:
    """It left out ``spans.source``, ``relations.source`` and ``label_sources``."""
    from annotator.core.formats.hf import features

    schema = {
        "span_labels": [{"name": "CLAIM"}],
        "relation_types": [{"name": "ATTRIBUTED_TO", "from": ["CLAIM"], "to": ["CLAIM"]}],
    }
    columns = features(schema)
    context = ExportContext(
        schema=schema, meta={"project": "news", "name": "News", "layer": "all"}, dataset={}
    )
    card = dataset_card(context, columns, {"train": SplitSummary()}, ["alice", "gold"])
    rows = card.split("\n## Rows\n", 1)[1].split("\n## ", 1)[0]
    table = {
        line.split(" | ")[0]: line
        for line in rows.splitlines()
        if line.startswith("| `") and " | " in line
    }
    for name, feature in columns.items():
        row = next((line for key, line in table.items() if f"`{name}`" in key), None)
        assert row is not None, name
        inner = feature.get("feature", {}) if feature.get("_type") == "List" else {}
        for field in inner if "_type" not in inner else ():
            assert f"`{field}`" in row, f"{name}.{field}"


def test_where_the_gold_came_from_counts_the_buttons_not_the_agreement() -> None:
    from collections import Counter

    context = ExportContext(
        schema={"span_labels": []}, meta={"project": "news", "layer": "gold"}, dataset={}
    )
    summary = SplitSummary(sources=Counter({"majority": 188}))
    card = dataset_card(context, {}, {"train": summary}, ["gold"])
    said = card.split("\n## Where the gold items came from\n", 1)[1].split("\n## ", 1)[0]
    assert "accepted by the reviewer's button" in said
    assert "an item every annotator gave alike is counted under majority" in said
    assert "| `train` | 0 | 188 | 0 | 0 |" in said
