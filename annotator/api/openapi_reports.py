"""The path items of the reports: the agreement report and the export (reviewers and admins),
whose operations are :mod:`annotator.api.openapi_export`'s."""

from __future__ import annotations

from typing import Any

from annotator.api.openapi_export import export_body_operation, export_operation
from annotator.api.openapi_parts import READ, SLUG, STATUS_FILTER, operation_of, query_param
from annotator.core.vocabulary import RESAMPLED_DOCUMENTS, RESAMPLED_UNITS

_FIGURE = {"type": ["number", "null"]}
_COUNT = {"type": "integer", "minimum": 0}
_LABEL_FIELD: dict[str, Any] = {
    "type": "object",
    "required": [
        "units",
        "pairable_units",
        "alpha_nominal",
        "percent_agreement",
        "left_blank_units",
        "left_blank",
    ],
    "properties": {
        "units": _COUNT,
        "pairable_units": _COUNT,
        "left_blank_units": {
            **_COUNT,
            "description": "Units (sentences, or documents for a document field) where an "
            "annotator gave a value and another, whose layer is on that document, left it "
            "blank. No coefficient counts them (a unit with one value is not pairable): "
            "omissions show here, required field or not.",
        },
        "left_blank": {
            "type": "object",
            "description": "Per annotator (every one compared), how many of those units they "
            "left blank.",
            "additionalProperties": _COUNT,
        },
        "alpha_nominal": _FIGURE,
        "alpha_ordinal": {**_FIGURE, "description": "Only for fields declared ordinal."},
        "fleiss_kappa": _FIGURE,
        "percent_agreement": _FIGURE,
        "cohen_kappa": {"type": "object", "additionalProperties": _FIGURE},
        "alpha_masi": {
            **_FIGURE,
            "description": "Multi-valued fields only: Krippendorff's alpha with the MASI "
            "distance (Passonneau 2006), partial credit for overlapping sets. The other "
            "figures compare whole sets.",
        },
        "intervals": {
            "type": "object",
            "description": "Bootstrap 95 % intervals (the report's `intervals` says how "
            "they were drawn): `alpha_nominal` and `fleiss_kappa`, each `low`, `high`, "
            "`undefined` (resamples with no figure, left out), `resampled` and `draws_from`, "
            "or null where the figure is.",
            "additionalProperties": {
                "type": ["object", "null"],
                "required": ["low", "high", "undefined", "resampled", "draws_from"],
                "properties": {
                    "low": _FIGURE,
                    "high": _FIGURE,
                    "undefined": _COUNT,
                    "resampled": {
                        "type": "string",
                        "enum": [RESAMPLED_UNITS, RESAMPLED_DOCUMENTS],
                        "description": "What each resample drew: `documents` (those holding "
                        "a pairable unit, each with all its pairable units; for a document "
                        "field the unit is the document), or `units` (the pairable units "
                        "one by one: only where one document holds them all).",
                    },
                    "draws_from": {
                        **_COUNT,
                        "description": "How many documents (or units, as `resampled` says) "
                        "each resample drew from; under the report's `intervals.rough_below`, "
                        "the interval is rough (its bounds jump from few draws).",
                    },
                },
            },
        },
        "coincidences": {
            "type": "object",
            "description": "Single-valued fields only: Krippendorff's coincidence matrix "
            "over `values` (schema order); `pairs`: per annotator pair with a unit both "
            "valued, their table (rows the first name of the key, columns the second).",
            "properties": {
                "values": {"type": "array"},
                "matrix": {"type": "array", "items": {"type": "array"}},
                "pairs": {"type": "object"},
            },
        },
        "per_value": {
            "type": "object",
            "description": "Multi-valued fields only: per schema value, whether annotators "
            "agree it is in the set, on the units two or more labelled.",
            "additionalProperties": {
                "type": "object",
                "required": ["pairable_units", "marked", "alpha_nominal"],
                "properties": {
                    "pairable_units": _COUNT,
                    "marked": {**_COUNT, "description": "Sets holding the value."},
                    "units_marked": {
                        **_COUNT,
                        "description": "Pairable units where one or more chose it.",
                    },
                    "units_unanimous": {
                        **_COUNT,
                        "description": "Pairable units where every annotator chose it.",
                    },
                    "alpha_nominal": _FIGURE,
                    "percent_agreement": _FIGURE,
                },
            },
        },
    },
}

_ATTRIBUTE: dict[str, Any] = {
    "type": "object",
    "required": ["alpha_nominal", "matched_spans", "pairs"],
    "properties": {
        "alpha_nominal": _FIGURE,
        "matched_spans": _COUNT,
        "pairs": {"type": "object", "additionalProperties": _FIGURE},
        "alpha_masi": _LABEL_FIELD["properties"]["alpha_masi"],
        "per_value": _LABEL_FIELD["properties"]["per_value"],
    },
}

OPTIONAL_PATHS: dict[str, Any] = {
    "/projects/{slug}/agreement": {
        "get": operation_of(
            "Return the agreement report (reviewers and admins)",
            200,
            {
                "type": "object",
                "required": [
                    "project",
                    "schema_version",
                    "annotators",
                    "documents",
                    "labels",
                    "spans",
                    "relations",
                ],
                "properties": {
                    "schema_version": {
                        "type": "integer",
                        "description": "The version of the label schema the report used.",
                    },
                    "labels": {
                        "type": "object",
                        "description": "Per label field (`stance`; `document:genre` for a "
                        "document field).",
                        "additionalProperties": _LABEL_FIELD,
                    },
                    "intervals": {
                        "type": "object",
                        "description": "How the label fields' intervals were drawn: "
                        "`method`, `resamples`, `seed`, `confidence`, `reference`, "
                        "`cluster_reference` for resampling documents, and `rough_below`: an "
                        "interval whose `draws_from` is under it is rough.",
                        "properties": {
                            "method": {"type": "string"},
                            "resamples": _COUNT,
                            "seed": {"type": "integer"},
                            "confidence": {"type": "number"},
                            "reference": {"type": "string"},
                            "cluster_reference": {"type": "string"},
                            "rough_below": _COUNT,
                        },
                    },
                    "attributes": {
                        "type": "object",
                        "description": "Per span attribute (`CLAIM.claimer`), over the spans "
                        "matched by labeled overlap, pooled over pairs and per pair.",
                        "additionalProperties": _ATTRIBUTE,
                    },
                    "suggestion_rates": {
                        "type": "object",
                        "description": "Per model (`rules` or its version), per span label and "
                        "`_all`: suggestions annotators accepted and rejected, and the share "
                        "of each (`accepted`, `rejected`, `accept_rate`, `reject_rate`); then "
                        "per sentence or document label field (`sentence:stance`), the values "
                        "accepted from a suggestion (`rejected` and the rates null: a label "
                        "suggestion is not rejected; not in `_all`).",
                    },
                    "active_time": {
                        "type": "object",
                        "description": "Per annotator (and `gold`) with recorded active time: "
                        "`documents`, `median_minutes` and `total_minutes` per document.",
                    },
                    "gold": {
                        "type": ["object", "null"],
                        "description": "Each annotator against gold (null without gold): "
                        "`documents` with gold, per annotator `documents`, `spans`, "
                        "`relations`, `labels` (per field: `units` both gave a value, "
                        "`matches` among them, `kappa`, `percent_agreement`, and "
                        "`kappa_undefined`: why kappa is null, `one value only` or `no unit "
                        "with both values`, else null); `unreviewed`: documents whose gold "
                        "came in by "
                        "an import that no reviewer has touched (no write, no decision, not "
                        "final), left out as pre-annotation rather than a reference; "
                        "`in_review`: documents whose gold is not marked final, left out "
                        "unless `include_in_review` (repeated here) was asked for.",
                    },
                    "unpaired": {
                        "type": "array",
                        "items": {"type": "string"},
                        "description": "The compared annotators who share no document with "
                        "another one: in no pair, so in no pairwise figure.",
                    },
                    "required_left_blank": {
                        "type": "array",
                        "description": "Per required label field (sentence fields, then "
                        "document fields, in schema order; none required: empty), how many "
                        "layers marked done leave it blank (`layers`, 0 when none does) and "
                        "on how many `documents`: layers marked done before the field became "
                        "required, or imported or restored as done. Every such layer of the "
                        "project, whatever the filters. `key` names the field as `labels` "
                        "does (`document:genre`).",
                        "items": {
                            "type": "object",
                            "required": ["field", "kind", "key", "layers", "documents"],
                            "properties": {
                                "field": {"type": "string"},
                                "kind": {"enum": ["sentence", "document"]},
                                "key": {"type": "string"},
                                "layers": _COUNT,
                                "documents": _COUNT,
                            },
                        },
                    },
                    "model": {
                        "type": ["object", "null"],
                        "description": "The suggestions layer scored against gold like an "
                        "annotator (null without suggestions on gold documents): `name` "
                        "(`model v3`, `rules`), `models`, `documents`, `spans` and "
                        "`relations` with precision, recall and F1, exact and overlap; "
                        "`unreviewed`: documents with suggestions whose gold came in by an "
                        "import no reviewer has touched, and `in_review`: those whose gold is "
                        "not marked final, left out as in `gold` (with only those, "
                        "`documents` is 0 and `spans` and `relations` are empty).",
                    },
                },
            },
            (400, *READ, 422),
            params=[
                SLUG,
                query_param("annotators", "Compare only these annotators (comma-separated names)."),
                query_param("documents", "Only these documents (comma-separated external ids)."),
                query_param(
                    "per_document",
                    "`1`: add each document's agreement (`per_document`): `f1_exact`, "
                    "`f1_overlap`, `label_agreement` (the share of agreeing annotator pairs "
                    "where both gave a label value), `label_pairs_left_out` (pairs where one "
                    "gave a value and the other, on the document too, left it out) and "
                    "`label_agreement_with_left_out` (those counted as disagreeing: what the "
                    "review list's `disagreement` uses).",
                ),
                query_param(
                    "anonymous",
                    "`1`: name the annotators Annotator 1, 2... instead of by name, as the "
                    "review does (numbered in the order they arrived in the project, the same "
                    "number on every page and answer of it); `annotators` then takes those "
                    "names.",
                ),
                query_param(
                    "status",
                    "Count only annotator layers whose assignment has this status, as the "
                    "export's `status`: `done` leaves out a half-done layer (default: in "
                    "progress and done, and any layer with work). Gold is kept. Another is a 400.",
                    STATUS_FILTER,
                ),
                query_param(
                    "include_in_review",
                    "`1`: score against gold still in review too (`gold`, `model`); by "
                    "default only gold marked final counts as the reference.",
                    {"type": "string", "enum": ["0", "1", "true", "false"]},
                ),
                query_param(
                    "format",
                    "`json` (default) or `csv` (one row per figure).",
                    {"type": "string", "enum": ["json", "csv"]},
                ),
            ],
        )
    },
    "/projects/{slug}/export": {
        "get": export_operation(),
        "post": export_body_operation(),
    },
}
# ?format=csv answers the same report as CSV rows.
OPTIONAL_PATHS["/projects/{slug}/agreement"]["get"]["responses"]["200"]["content"]["text/csv"] = {
    "schema": {"type": "string", "description": "section,item,pair,metric,value rows"}
}
