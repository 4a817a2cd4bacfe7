"""The ``hf`` dataset card's section on the annotators and how far they agreed: the layers in
the export, then the project's agreement report (labels, each value of a multi-valued field,
spans, relations) as tables."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from annotator.core.formats.hf_markdown import code, figure, markdown_table
from annotator.core.wording import counted


def people_section(
    annotators: Sequence[str], agreement: Mapping[str, Any] | None, schema: Mapping[str, Any]
) -> list[str]:
    """Return the card's "Annotators and agreement" section: whose layers the export holds,
    and the ``agreement`` report's figures (None: none was computed)."""
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
        lines += markdown_table(
            ["labels", "units", "Krippendorff's alpha"]
            + (["alpha (MASI)"] if sets else [])
            + ["Fleiss' kappa", "% agreement"],
            [
                [
                    f"`{code(name)}`",
                    str(entry.get("units", 0)),
                    figure(entry.get("alpha_nominal")),
                ]
                + ([figure(entry.get("alpha_masi"))] if sets else [])
                + [figure(entry.get("fleiss_kappa")), figure(entry.get("percent_agreement"))]
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
            lines += markdown_table(
                ["field = value", "units", "Krippendorff's alpha", "% agreement"],
                [
                    [
                        f"`{code(name)}` = `{code(value)}`",
                        str(figures.get("pairable_units", 0)),
                        figure(figures.get("alpha_nominal")),
                        figure(figures.get("percent_agreement")),
                    ]
                    for name, value, figures in values
                ],
            )
    else:
        lines += ["No label agreement: the schema has no sentence or document label fields.", ""]
    # Without span labels the report still has its `_all` row, undefined: nothing to say.
    spans = (agreement.get("spans") or {}) if schema.get("span_labels") else {}
    if spans:
        lines += markdown_table(
            ["span label", "F1 exact", "F1 overlap", "unitizing alpha"],
            [
                [
                    f"`{code(name)}`",
                    figure(entry.get("f1_exact")),
                    figure(entry.get("f1_overlap")),
                    figure(entry.get("alpha_unitizing")),
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
        lines += markdown_table(
            ["relation type", "F1 (ends exact)", "F1 (ends overlap)"],
            [
                [
                    f"`{code(name)}`",
                    figure(entry.get("f1")),
                    figure(entry.get("f1_overlap")),
                ]
                for name, entry in relations.items()
            ],
        )
    return lines
