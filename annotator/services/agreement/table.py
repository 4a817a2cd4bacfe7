"""The agreement report as flat rows: for the CSV download and the command line's table."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

COLUMNS = ("section", "item", "pair", "metric", "value")
_SKIP = {
    "pairs",
    "cohen_kappa",
    "spans",
    "relations",
    "matched_exact",
    "matched_overlap",
    "per_value",
    "intervals",  # as metrics NAME_low, NAME_high and NAME_resampled
    "coincidences",  # a table, not a figure: the JSON and the page have it
    "left_blank",  # per annotator: the pair column names them
}
# Each document's figures in the ``documents`` section, in this order.
PER_DOCUMENT_METRICS = (
    "f1_exact",
    "f1_overlap",
    "label_agreement",
    "label_pairs_left_out",
    "label_agreement_with_left_out",
)
# Where the figures of each value of a multi-valued field or attribute go.
_VALUES = {"labels": "label_values", "attributes": "attribute_values"}


def report_rows(report: dict[str, Any]) -> Iterator[tuple[str, str, str, str, Any]]:
    """Yield ``(section, item, pair, metric, value)`` for every figure of the report.

    ``pair`` is empty for a figure over all annotators (the mean over pairs, for pairwise
    figures), an ``a|b`` key for one pair, an annotator's name in the ``gold`` section, and
    ``model VERSION`` in the ``suggestion_rates`` section, and the model's name (``model v3``,
    ``rules``) in the ``model`` section. Documents left out as their gold is imported and
    unreviewed are counted in the ``gold`` and ``model`` sections (item ``documents``, metric
    ``unreviewed``), when there are any, and so are those left out as their gold is not
    marked final (metric ``in_review``). Each value of a multi-valued field has its rows in
    the ``label_values`` section, the item ``FIELD=VALUE``, after its field's rows (of a
    multi-valued span attribute: ``attribute_values``, ``LABEL.ATTR=VALUE``). How many units
    each annotator left blank where another gave a value is a label field's metric
    ``left_blank`` with the annotator in ``pair`` (all of them: ``left_blank_units``). A label
    field's bootstrap interval of ``alpha_nominal`` is its metrics ``alpha_nominal_low`` and
    ``alpha_nominal_high``, then ``alpha_nominal_resampled`` (``documents`` or ``units``: what
    the bootstrap drew; of Fleiss' kappa: ``fleiss_kappa_low``, ``fleiss_kappa_high``,
    ``fleiss_kappa_resampled``). Each required label field has its rows in the
    ``required_left_blank`` section, the item keyed as in ``labels`` (``document:genre``):
    ``layers`` marked done that leave it blank, and their ``documents``.
    """
    for section in ("labels", "spans", "relations", "attributes"):
        for item, entry in report.get(section, {}).items():
            for metric, value in entry.items():
                if metric not in _SKIP:
                    yield section, item, "", metric, value
            for name, interval in (entry.get("intervals") or {}).items():
                for part in ("low", "high", "resampled"):
                    value = None if interval is None else interval[part]
                    yield section, item, "", f"{name}_{part}", value
            for pair, value in entry.get("cohen_kappa", {}).items():
                yield section, item, pair, "cohen_kappa", value
            for name, count in entry.get("left_blank", {}).items():
                yield section, item, name, "left_blank", count
            for value_name, figures in entry.get("per_value", {}).items():
                for metric, value in figures.items():
                    yield _VALUES[section], f"{item}={value_name}", "", metric, value
            for pair, figures in entry.get("pairs", {}).items():
                if not isinstance(figures, dict):
                    yield section, item, pair, "alpha_nominal", figures
                    continue
                for metric, value in figures.items():
                    if metric not in _SKIP:
                        yield section, item, pair, metric, value
    for entry in report.get("required_left_blank", []):
        for metric in ("layers", "documents"):
            yield "required_left_blank", entry["key"], "", metric, entry[metric]
    gold = report.get("gold") or {}
    for left_out in ("unreviewed", "in_review"):  # left out as no reference, as pages say
        if gold.get(left_out):
            yield "gold", "documents", "", left_out, gold[left_out]
    for name, figures in gold.get("annotators", {}).items():
        for kind in ("spans", "relations", "labels"):
            for item, entry in figures.get(kind, {}).items():
                for metric, value in entry.items():
                    yield f"gold:{kind}", item, name, metric, value
    for model, labels in report.get("suggestion_rates", {}).items():
        for label, figures in labels.items():
            for metric, value in figures.items():
                yield "suggestion_rates", label, f"model {model}", metric, value
    model = report.get("model") or {}
    for left_out in ("unreviewed", "in_review"):
        if model.get(left_out):
            yield "model", "documents", model["name"], left_out, model[left_out]
    for kind in ("spans", "relations"):
        for item, entry in model.get(kind, {}).items():
            for metric, value in entry.items():
                yield f"model:{kind}", item, model["name"], metric, value
    for row in report.get("per_document", []):
        for metric in PER_DOCUMENT_METRICS:
            yield "documents", row["external_id"], "", metric, row[metric]


def report_csv(report: dict[str, Any]) -> str:
    """Return the report as CSV text with a header row; undefined figures are empty cells."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in report_rows(report):
        value = row[4]
        writer.writerow([*row[:4], "" if value is None else value])
    return out.getvalue()
