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
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from annotator.core.formats import ExportContext
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
    lines += [f"# {_cell(front['pretty_name'])}", ""]
    lines += _provenance(meta, dataset, splits)
    lines += _loading(splits)
    header_fields = meta.get("label_fields") or {}
    lines += _columns(schema, header_fields)
    lines += _labels(schema, splits, header_fields)
    lines += _gold_sources(splits)
    lines += _people(annotators, dataset.get("agreement"), schema)
    lines += ["## Licence", ""]
    lines.append(
        f"`{_code(licence)}` (from the project's settings)."
        if licence
        else "No licence is set in the project's settings: ask its owners before reusing it."
    )
    return "\n".join(lines) + "\n"


def _provenance(
    meta: Mapping[str, Any], dataset: Mapping[str, Any], splits: Mapping[str, SplitSummary]
) -> list[str]:
    filters = meta.get("filters") or {}
    lines = [
        f"Exported from the annotation project `{_code(meta.get('project'))}` with annotator "
        f"{_code(meta.get('annotator_version'))} at {_code(meta.get('exported_at'))}: label "
        f"schema version {meta.get('schema_version')}, layers `{_code(meta.get('layer'))}`, "
        f"status filter `{_code(filters.get('status') or 'none')}`, gold status filter "
        f"`{_code(filters.get('gold_status') or 'none')}`.",
        "",
    ]
    not_final = dataset.get("gold_not_final")
    if not_final:
        lines += [
            f"**Not all of this gold is final:** {not_final['documents']} of the "
            f"{counted(not_final['written'], 'document')} exported "
            f"{'has' if not_final['documents'] == 1 else 'have'} gold a reviewer has not marked "
            f"final ({_cell(not_final['said'])}): it may still change. Export with the gold "
            "status filter `final` for the gold to train and evaluate on.",
            "",
        ]
    lines += ["## Splits", ""]
    split = dataset.get("split")
    if split:
        grouped = (
            f", grouped by the meta field `{_code(split['group_by'])}` (no value of it is in "
            "two splits)"
            if split.get("group_by")
            else ""
        )
        lines.append(
            f"Split by document with `--split {_code(split['spec'])}` and seed "
            f"{split['seed']}{grouped}: the same seed gives the same split."
        )
    else:
        lines.append("One split, `train`, holding every exported document.")
    lines += ["", "| split | documents | rows |", "|---|---:|---:|"]
    lines += [f"| `{_code(name)}` | {s.documents} | {s.rows} |" for name, s in splits.items()]
    return lines + [""]


#: The split names the Hub and ``datasets`` use by convention.
HUB_SPLITS = ("train", "validation", "test")


def _loading(splits: Mapping[str, SplitSummary]) -> list[str]:
    """Say how to load a split by its name; a name other than the Hub's usual ones is kept
    (renaming the user's ``dev`` silently would break their scripts), and the card says so."""
    others = [name for name in splits if name not in HUB_SPLITS]
    one = _code(next(iter(others or splits), "train"))
    every = ", ".join(_code(name) for name in splits)
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
        names = ", ".join(f"`{_code(name)}`" for name in others)
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
        [f"`{_code(name)}`", *(str(s.sources.get(how, 0)) for how in hows)]
        + ([str(s.sources.get("None", 0))] if unknown else [])
        for name, s in splits.items()
    ]
    return lines + _table(header, rows)


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
            f"| `sentence_{_code(field['name'])}` | one value per sentence, null where none"
            f"{' (a list: several values allowed)' if field.get('multiple') else ''}"
            f"{_toward(field, header_fields.get('sentence', {}))} |"
        )
    for field in schema.get("document_labels", []):
        lines.append(
            f"| `document_{_code(field['name'])}` | the document's value, null if none"
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
    said = f"; toward {_cell(field['target'])}" if field.get("target") else ""
    if field.get("target_from"):
        fallback = f", else {_cell(field['target'])}" if field.get("target") else ""
        said = f"; toward each document's meta {_cell(field['target_from'])}{fallback}"
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
        header = ["label", *map(_cell, names)] + (["description"] if described else [])
        rule = "|---|" + "---:|" * len(names) + ("---|" if described else "")
        lines.extend([f"### {title}", ""] + ([_cell(about), ""] if about else []))
        lines.extend(["| " + " | ".join(header) + " |", rule])
        for name, description in entries:
            cells = [f"`{_code(name)}`"] + [str(splits[s].labels[(column, name)]) for s in names]
            if described:
                cells.append(_cell(description))
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
                f"`{kind}_{_code(entry['name'])}`",
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


def _people(
    annotators: Sequence[str], agreement: Mapping[str, Any] | None, schema: Mapping[str, Any]
) -> list[str]:
    people = [name for name in annotators if name not in ("gold", "majority", "suggestions")]
    if people:
        held = (
            f"{counted(len(people), 'annotator')}"
            f"{' and a gold layer' if 'gold' in annotators else ''} in this export."
        )
    elif "gold" in annotators:
        held = "Gold only: no annotator's layer is in this export."
    else:
        held = "No annotator's layer is in this export."
    lines = ["## Annotators and agreement", "", held, ""]
    if not agreement:
        return lines + ["No agreement report was computed.", ""]
    compared = agreement.get("documents_compared", 0)
    lines += [
        f"Agreement over the whole project ({counted(compared, 'document')} "
        f"with two or more annotators; `n/a` where a measure is undefined):",
        "",
    ]
    labels = agreement.get("labels") or {}
    # A multi-valued field's figures beside its whole-set alpha (which gives no partial
    # credit): alpha with the MASI distance, and each value's "chosen or not" agreement.
    sets = any("alpha_masi" in entry for entry in labels.values())
    if labels:
        lines += _table(
            ["labels", "units", "Krippendorff's alpha"]
            + (["alpha (MASI)"] if sets else [])
            + ["Fleiss' kappa", "% agreement"],
            [
                [
                    f"`{_code(name)}`",
                    str(entry.get("units", 0)),
                    _number(entry.get("alpha_nominal")),
                ]
                + ([_number(entry.get("alpha_masi"))] if sets else [])
                + [_number(entry.get("fleiss_kappa")), _number(entry.get("percent_agreement"))]
                for name, entry in labels.items()
            ],
        )
        values = [
            (name, value, figures)
            for name, entry in labels.items()
            for value, figures in (entry.get("per_value") or {}).items()
        ]
        if values:
            lines += [
                "Each value of a multi-valued field, chosen or not on the units two or more "
                "annotators labelled (alpha nominal on that yes or no):",
                "",
            ]
            lines += _table(
                ["field = value", "units", "Krippendorff's alpha", "% agreement"],
                [
                    [
                        f"`{_code(name)}` = `{_code(value)}`",
                        str(figures.get("pairable_units", 0)),
                        _number(figures.get("alpha_nominal")),
                        _number(figures.get("percent_agreement")),
                    ]
                    for name, value, figures in values
                ],
            )
    else:
        lines += ["No label agreement: the schema has no sentence or document label fields.", ""]
    # Without span labels the report still has its `_all` row, undefined: nothing to say.
    spans = (agreement.get("spans") or {}) if schema.get("span_labels") else {}
    if spans:
        lines += _table(
            ["span label", "F1 exact", "F1 overlap", "unitizing alpha"],
            [
                [
                    f"`{_code(name)}`",
                    _number(entry.get("f1_exact")),
                    _number(entry.get("f1_overlap")),
                    _number(entry.get("alpha_unitizing")),
                ]
                for name, entry in spans.items()
            ],
        )
    relations = agreement.get("relations") or {}
    if relations:
        lines += [
            "A relation pairs with another annotator's of the same type when both its ends "
            "pair: with exact span matching (same start and end), or by overlap (at least one "
            "shared character).",
            "",
        ]
        lines += _table(
            ["relation type", "F1 (ends exact)", "F1 (ends overlap)"],
            [
                [
                    f"`{_code(name)}`",
                    _number(entry.get("f1")),
                    _number(entry.get("f1_overlap")),
                ]
                for name, entry in relations.items()
            ],
        )
    return lines


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Return a Markdown table whose first column is text and the others numbers, then a
    blank line; the caller leaves out a table that would have no rows."""
    lines = ["| " + " | ".join(header) + " |", "|---|" + "---:|" * (len(header) - 1)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows] + [""]


def _number(value: Any) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _cell(value: Any) -> str:
    """Return text for a Markdown table cell: no line breaks, pipes and markup escaped."""
    text = " ".join(str(value).split())
    for char in "\\|*_`[]<>#":
        text = text.replace(char, "\\" + char)
    return text


def _code(value: Any) -> str:
    """Return text for inside a code span: one line, no backticks, pipes escaped for tables."""
    return " ".join(str(value).split()).replace("`", "'").replace("|", "\\|")


def yaml_features(columns: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Return the features in the card's YAML shape (``datasets``' ``_to_yaml_list``)."""
    return [{"name": name, **_yaml_feature(feature)} for name, feature in columns.items()]


def _yaml_feature(feature: Mapping[str, Any]) -> dict[str, Any]:
    kind = feature.get("_type")
    if kind == "Value":
        return {"dtype": feature["dtype"]}
    if kind == "ClassLabel":
        names = {str(i): name for i, name in enumerate(feature["names"])}
        return {"dtype": {"class_label": {"names": names}}}
    if kind == "List":
        inner = feature["feature"]
        if "_type" in inner:
            simple = _yaml_feature(inner)
            return {"list": simple.get("dtype", simple)}
        return {"list": [{"name": n, **_yaml_feature(f)} for n, f in inner.items()]}
    return {"struct": [{"name": n, **_yaml_feature(f)} for n, f in feature.items()]}


def yaml_lines(value: Any, indent: int = 0) -> list[str]:
    """Return ``value`` (dicts, lists, strings, numbers) as block-style YAML lines.

    Every string is written as a JSON string, which YAML reads as the same string whatever
    characters it holds; keys are plain where they are simple names.
    """
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, Mapping):
        for key, item in value.items():
            name = _yaml_key(str(key))
            if _scalar(item):
                lines.append(f"{pad}{name}: {_yaml_scalar(item)}")
            elif not item:
                lines.append(f"{pad}{name}: {'{}' if isinstance(item, Mapping) else '[]'}")
            else:
                lines.append(f"{pad}{name}:")
                lines += yaml_lines(item, indent + 2)
    else:
        for item in value:
            if _scalar(item):
                lines.append(f"{pad}- {_yaml_scalar(item)}")
                continue
            inner = yaml_lines(item, indent + 2)
            lines.append(f"{pad}- {inner[0].lstrip()}")
            lines += inner[1:]
    return lines


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _yaml_scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    return json.dumps(value, ensure_ascii=True)


def _yaml_key(key: str) -> str:
    return key if key.isidentifier() else json.dumps(key, ensure_ascii=True)
