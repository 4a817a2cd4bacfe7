"""The dataset card (``README.md``) of the ``hf`` format.

Its YAML front matter is what the Hugging Face Hub and ``datasets.load_dataset(FOLDER)`` read:
``license``, ``pretty_name``, ``configs`` (the Parquet files of each split) and
``dataset_info`` (the typed features and the split sizes). The Markdown below it says what a
person needs before training on the data: how it was made and split, the label schema with
the count of each label per split, how many annotators there were, how far they agreed, and
under which licence it may be used. Every text from the project is escaped for Markdown tables.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from annotator.core.formats import ExportContext
from annotator.core.formats.hf_card_people import people_section
from annotator.core.formats.hf_markdown import cell, code, markdown_table
from annotator.core.formats.hf_yaml import yaml_features, yaml_lines
from annotator.core.formats.label_fields import field_about, older_targets_said, older_values
from annotator.core.gold_source import HOWS
from annotator.core.wording import counted


@dataclass
class SplitSummary:
    """What one split's file holds, for the dataset card."""

    documents: int = 0
    rows: int = 0
    #: The rows' size in memory as Arrow holds them (``dataset_info.splits[].num_bytes``).
    num_bytes: int = 0
    #: ``(column, label or value)`` -> how many times it occurs.
    labels: Counter[tuple[str, str]] = dataclasses.field(default_factory=Counter)
    #: How its gold items came about (``unanimous``, ``majority``, ``chosen``, ``written``;
    #: ``None`` for one decided before that was kept) -> how many.
    sources: Counter[str] = dataclasses.field(default_factory=Counter)


def parquet_path(split: str) -> str:
    """Return where a split's Parquet file goes inside the folder."""
    return f"data/{split}-00000-of-00001.parquet"


def dataset_card(
    context: ExportContext,
    columns: dict[str, Any],
    splits: Mapping[str, SplitSummary],
    annotators: Sequence[str],
) -> str:
    """Return the card: YAML front matter, then the description in Markdown."""
    meta, dataset, schema = context.meta, context.dataset, context.schema
    licence = str(dataset.get("license") or "").strip()
    front: dict[str, Any] = {}
    if licence:
        front["license"] = licence
    front["pretty_name"] = str(meta.get("name") or meta.get("project") or "dataset")
    front["configs"] = [
        {
            "config_name": "default",
            "data_files": [{"split": name, "path": parquet_path(name)} for name in splits],
        }
    ]
    front["dataset_info"] = {
        "features": yaml_features(columns),
        "splits": [
            {"name": name, "num_bytes": s.num_bytes, "num_examples": s.rows}
            for name, s in splits.items()
        ],
    }
    lines = ["---", *yaml_lines(front), "---", ""]
    lines += [f"# {cell(front['pretty_name'])}", ""]
    lines += _provenance(meta, dataset, splits)
    lines += _loading(splits)
    header_fields = meta.get("label_fields") or {}
    lines += _columns(schema, header_fields)
    lines += _labels(schema, splits, header_fields)
    lines += _gold_sources(splits)
    lines += people_section(annotators, dataset.get("agreement"), schema)
    lines += ["## Licence", ""]
    lines.append(
        f"`{code(licence)}` (from the project's settings)."
        if licence
        else "No licence is set in the project's settings: ask its owners before reusing it."
    )
    return "\n".join(lines) + "\n"


def _provenance(
    meta: Mapping[str, Any], dataset: Mapping[str, Any], splits: Mapping[str, SplitSummary]
) -> list[str]:
    filters = meta.get("filters") or {}
    lines = [
        f"Exported from the annotation project `{code(meta.get('project'))}` with annotator "
        f"{code(meta.get('annotator_version'))} at {code(meta.get('exported_at'))}: label "
        f"schema version {meta.get('schema_version')}, layers `{code(meta.get('layer'))}`, "
        f"status filter `{code(filters.get('status') or 'none')}`, gold status filter "
        f"`{code(filters.get('gold_status') or 'none')}`.",
        "",
    ]
    not_final = dataset.get("gold_not_final")
    if not_final:
        lines += [
            f"**Not all of this gold is final:** {not_final['documents']} of the "
            f"{counted(not_final['written'], 'document')} exported "
            f"{'has' if not_final['documents'] == 1 else 'have'} gold a reviewer has not marked "
            f"final ({cell(not_final['said'])}): it may still change. Export with the gold "
            "status filter `final` for the gold to train and evaluate on.",
            "",
        ]
    lines += ["## Splits", ""]
    split = dataset.get("split")
    if split:
        lines.append(_how_split(split))
    else:
        lines.append("One split, `train`, holding every exported document.")
    lines += ["", "| split | documents | rows |", "|---|---:|---:|"]
    lines += [f"| `{code(name)}` | {s.documents} | {s.rows} |" for name, s in splits.items()]
    return lines + [""]


def _how_split(split: Mapping[str, Any]) -> str:
    """Say how the documents were split: by the seed, or as a split file gave them
    (``--split-from``), and whether grouping by a meta field holds."""
    released = split.get("split_from")
    across = (released or {}).get("groups_across_splits") or []
    group_by = split.get("group_by")
    grouped = ""
    if group_by and across:
        shown = ", ".join(f"`{code(value)}`" for value in across)
        grouped = (
            f", grouped by the meta field `{code(group_by)}`; but the split file put the "
            f"documents of {len(across)} of its values in two splits or more, which stay so: "
            f"{shown}"
        )
    elif group_by:
        grouped = (
            f", grouped by the meta field `{code(group_by)}` (no value of it is in two splits)"
        )
    if released is not None:
        return (
            f"Split as an earlier export's split file gave it (`--split-from`): each document "
            f"it lists keeps its split, and any other drew one with `--split "
            f"{code(split['spec'])}` and seed {split['seed']}{grouped}."
        )
    return (
        f"Split by document with `--split {code(split['spec'])}` and seed "
        f"{split['seed']}{grouped}: the same seed gives the same split."
    )


#: The split names the Hub and ``datasets`` use by convention.
HUB_SPLITS = ("train", "validation", "test")


def _loading(splits: Mapping[str, SplitSummary]) -> list[str]:
    """Say how to load a split by its name; a name other than the Hub's usual ones is kept
    (renaming the user's ``dev`` silently would break their scripts), and the card says so."""
    others = [name for name in splits if name not in HUB_SPLITS]
    one = code(next(iter(others or splits), "train"))
    every = ", ".join(code(name) for name in splits)
    lines = [
        "## Loading",
        "",
        "With this folder (or its copy on the Hub) as `FOLDER`:",
        "",
        "```python",
        "import datasets",
        "",
        f'dataset = datasets.load_dataset("FOLDER")  # every split: {every}',
        f'split = datasets.load_dataset("FOLDER", split="{one}")  # one split, by its name',
        "```",
        "",
    ]
    if others:
        names = ", ".join(f"`{code(name)}`" for name in others)
        lines += [
            f"The split names are kept as given at export ({names}): load each by that name. "
            "The Hub's usual name for a development split is `validation`: a script that "
            "expects it needs the name given here instead.",
            "",
        ]
    return lines


def _gold_sources(splits: Mapping[str, SplitSummary]) -> list[str]:
    """Say how many gold items (spans, relations, label values) came about each way."""
    if not any(s.sources for s in splits.values()):
        return []
    hows = list(HOWS)
    unknown = any(s.sources.get("None") for s in splits.values())
    header = ["split", *hows] + (["not recorded"] if unknown else [])
    lines = [
        "## Where the gold items came from",
        "",
        "Each gold span, relation and label value, by the way it was taken into gold (its "
        "`source.how`): accepted by the reviewer's button for what all the annotators gave "
        "alike (unanimous) or for what more than half of them did (majority), a reviewer's "
        "choice of an annotator's version (chosen), or written by a reviewer's own hand "
        "(written)"
        + (", or decided before this was recorded" if unknown else "")
        + ". It counts the buttons, not the agreement: an item every annotator gave alike is "
        "counted under majority when the majority button took it. How many gave each item "
        "exactly is in its `source.annotators` (of `source.of`).",
        "",
    ]
    rows = [
        [f"`{code(name)}`", *(str(s.sources.get(how, 0)) for how in hows)]
        + ([str(s.sources.get("None", 0))] if unknown else [])
        for name, s in splits.items()
    ]
    return lines + markdown_table(header, rows)


def _columns(schema: Mapping[str, Any], header_fields: Mapping[str, Any]) -> list[str]:
    lines = [
        "## Rows",
        "",
        "One row per document and layer (an annotator's or `gold`). Offsets are 0-based, "
        "end-exclusive and count Unicode code points of `text`; `text[start:end]` is a "
        "span's text. Class labels are numbered in the order listed below.",
        "",
        "| column | holds |",
        "|---|---|",
        "| `id`, `title`, `text` | the document |",
        "| `meta` | the document's metadata, as JSON text |",
        "| `annotator`, `status` | whose layer, and its status |",
        "| `sentences` | each sentence's `start` and `end` |",
        "| `spans` | `id`, `start`, `end`, `label` (class label), `text`, `attributes` (JSON), "
        "`suggested`, `score`, `model`, `source` |",
        "| `relations` | `id`, `type` (class label), `from` and `to` (span ids), `suggested`, "
        "`source` |",
        "| `label_sources` | gold's label values' `source`, each with its `field` and "
        "`sentence` (null: the document's); empty in the other layers |",
    ]
    for field in schema.get("sentence_labels", []):
        lines.append(
            f"| `sentence_{code(field['name'])}` | one value per sentence, null where none"
            f"{' (a list: several values allowed)' if field.get('multiple') else ''}"
            f"{_toward(field, header_fields.get('sentence', {}))} |"
        )
    for field in schema.get("document_labels", []):
        lines.append(
            f"| `document_{code(field['name'])}` | the document's value, null if none"
            f"{' (a list: several values allowed)' if field.get('multiple') else ''}"
            f"{_toward(field, header_fields.get('document', {}))} |"
        )
    return lines + [
        "",
        "A gold span or relation has `source`: `how` it was taken into gold, `of` (over "
        "how many annotators a unanimous or majority accept counted) and `annotators`, "
        "those whose own item is exactly the gold one (see below); null in the other layers.",
        "",
        "A span or relation accepted from a model's suggestion has `suggested`: that "
        "suggestion's `model` and `score` (0 to 1; null where the model gave none); one made "
        "by hand has `suggested` null. The `suggestions` layer's spans are the suggestions "
        "themselves: each has its own `score` and `model`, null in every other layer. A "
        '`model` is a trained model\'s version or `rules`, always as text: `"7"`, `"rules"`.',
        "",
    ]


def _toward(field: Mapping[str, Any], header_fields: Mapping[str, Any]) -> str:
    """The target of a field's values, for its row in the columns' table, and how many were
    given toward an earlier one (the header's count of the field)."""
    said = f"; toward {cell(field['target'])}" if field.get("target") else ""
    if field.get("target_from"):
        fallback = f", else {cell(field['target'])}" if field.get("target") else ""
        said = f"; toward each document's meta {cell(field['target_from'])}{fallback}"
    older = older_values(header_fields.get(field["name"]) or {})
    if older:
        said += f"; {older} value{'s' if older != 1 else ''} given toward an earlier target"
    return said


def _labels(
    schema: Mapping[str, Any],
    splits: Mapping[str, SplitSummary],
    header_fields: Mapping[str, Any],
) -> list[str]:
    names = list(splits)
    lines = ["## Labels and their counts", ""]

    def table(title: str, column: str, entries: Iterable[tuple[str, str]], about: str = "") -> None:
        described = about == ""
        header = ["label", *map(cell, names)] + (["description"] if described else [])
        rule = "|---|" + "---:|" * len(names) + ("---|" if described else "")
        lines.extend([f"### {title}", ""] + ([cell(about), ""] if about else []))
        lines.extend(["| " + " | ".join(header) + " |", rule])
        for name, description in entries:
            cells = [f"`{code(name)}`"] + [str(splits[s].labels[(column, name)]) for s in names]
            if described:
                cells.append(cell(description))
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")

    if schema.get("span_labels"):
        table(
            "Span labels (`spans.label`)",
            "spans",
            ((x["name"], x.get("description", "")) for x in schema.get("span_labels", [])),
        )
    if schema.get("relation_types"):
        table(
            "Relation types (`relations.type`)",
            "relations",
            ((x["name"], x.get("description", "")) for x in schema.get("relation_types", [])),
        )
    for kind in ("sentence", "document"):
        for entry in schema.get(f"{kind}_labels", []):
            table(
                f"`{kind}_{code(entry['name'])}`",
                f"{kind}_{entry['name']}",
                ((value, "") for value in entry["values"]),
                about=" ".join(
                    part
                    for part in (
                        field_about(entry),
                        older_targets_said(header_fields.get(kind, {}).get(entry["name"]) or {}),
                    )
                    if part
                ),
            )
    return lines
