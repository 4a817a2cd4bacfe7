"""The path items of the reports: the agreement report and the export (reviewers and admins)."""

from __future__ import annotations

from typing import Any

from annotator.api.openapi_parts import READ, SLUG, STATUS_FILTER, operation_of, query_param
from annotator.api.openapi_schemas import STR
from annotator.core.vocabulary import GOLD_STATUSES, RESAMPLED_DOCUMENTS, RESAMPLED_UNITS
from annotator.web.downloads import BODY_KINDS


def _export_operation() -> dict[str, Any]:
    from annotator.core.formats import FORMAT_NAMES

    operation = operation_of(
        "Stream the dataset as a download (reviewers and admins)",
        200,
        None,
        (400, *READ, 422),
        params=[
            SLUG,
            query_param(
                "format",
                "Dataset format; default `jsonl`.",
                {"type": "string", "enum": list(FORMAT_NAMES)},
            ),
            query_param(
                "layer",
                "`all` (default), `gold`, `majority`, `suggestions` or an annotator's name.",
                STR,
            ),
            query_param(
                "status",
                "Keep only annotator layers in this status, e.g. `done`; another is a 422.",
                STATUS_FILTER,
            ),
            query_param(
                "gold_status",
                "Keep only documents whose gold has this status: `final` (adjudicated gold "
                "to train on), `in_review` or `open`; another is a 422.",
                {"type": "string", "enum": list(GOLD_STATUSES)},
            ),
            query_param("documents", "Comma-separated document ids (default: all).", STR),
            query_param(
                "header", '`1`: start line-based formats with a `{"_meta": ...}` line.', STR
            ),
            query_param(
                "split",
                "Split by document, e.g. `train=0.8,dev=0.1,test=0.1` (fractions summing to 1): "
                "a zip of one file per split, in any format (`train.conll`, `train.zip` of "
                "brat; `labelstudio-project`: `train.json`... beside one labeling config).",
                STR,
            ),
            query_param(
                "seed",
                "Seed of the split (default 13), from 0: each document's split is its own "
                "hash of the seed and its id (`hash-v1`), so the same seed gives a document "
                "the same split whatever other documents the project has.",
                {"type": "integer", "minimum": 0},
            ),
            query_param(
                "group_by",
                "A `meta` field whose values never straddle two splits, e.g. `outlet`.",
                STR,
            ),
            query_param(
                "with_suggestions",
                "`1`: add the `suggestions` layer to the chosen layers as each task's "
                "`predictions` (`labelstudio`, `labelstudio-project` only; another format "
                "is a 422), so that annotations and the model's work come in one import.",
                STR,
            ),
        ],
    )
    operation["responses"]["422"]["description"] = (
        "A choice the export cannot take, named by `details.field`: an unknown `format`, "
        "`layer`, `status`, `gold_status` or document id, a `seed` that is no whole number, "
        "a split spec that is not fractions summing to 1 or a format that cannot be split, "
        "a `group_by` field no "
        "document has, `with_suggestions` with a format other than the Label Studio ones, a "
        "format whose optional package is not installed, or a schema the Label Studio config "
        "cannot hold."
    )
    operation["responses"]["200"] = {
        "description": "The file, streamed, with a `Content-Disposition` file name; the "
        "`X-Annotator-Export` header holds the export's header (project, schema version, "
        "layer, filters, split, and `label_fields`: each sentence and document label field's "
        "`target`, `description`, `values`, `multiple` and `required`, by kind and name, and on "
        "a field whose target or description changed `older_targets`: how many of the values "
        "exported were given toward each earlier wording (`changed` says which), by layer) "
        "as JSON; the "
        "split's `documents` count each split's documents "
        "that pass the filters, as its file holds them. `X-Annotator-Warnings`, when there are "
        "any, is a JSON list of the warnings known before the first byte, e.g. a split the "
        "filters left with no document, or what the format has no room for, counted and named "
        "(`3 relations (ATTRIBUTED_TO, CUED_BY) not written: sentences has no room for them`; "
        "`jsonl` and `spacy` hold every part of a layer). `hf`, `labelstudio-project` (the "
        "`labelstudio` tasks as `tasks.json` with `labeling_config.xml`, the Label Studio "
        "config made from the schema), and any format with `split`, is a zip of the folder "
        "the command line writes, with the header as `meta.json`; with a split it also names "
        "each split's documents (`split.ids`, left out of `X-Annotator-Export`). In "
        "`labelstudio` and `labelstudio-project` the "
        "`suggestions` layer is each task's `predictions` (one per model version, with "
        "`score`), not an annotation. A schema the Label Studio config cannot hold (two "
        "kinds of entry under one name) is a 422 naming both.",
        "headers": {
            "X-Annotator-Export": {
                "description": "The export's header as JSON.",
                "schema": {"type": "string"},
            },
            "X-Annotator-Warnings": {
                "description": "A JSON list of the warnings known before the first byte; "
                "absent when there are none.",
                "schema": {"type": "string"},
            },
        },
        "content": {
            "application/x-ndjson": {"schema": {"type": "string"}},
            "application/json": {"schema": {"type": "array"}},
            "text/plain": {"schema": {"type": "string"}},
            "application/zip": {"schema": {"type": "string"}},
            "application/octet-stream": {"schema": {"type": "string"}},
        },
    }
    return operation


def _export_body_operation() -> dict[str, Any]:
    """Return ``POST``'s operation: ``GET``'s, with its choices in a JSON body and
    ``split_from``."""
    get = _export_operation()
    properties = {
        param["name"]: {**param["schema"], "description": param["description"]}
        for param in get["parameters"]
        if param["in"] == "query"
    }
    for name, declared in BODY_KINDS.items():
        properties[name]["type"] = list(declared)
    properties["documents"]["items"] = {"type": ["string", "integer"]}
    properties["split_from"] = {
        "type": ["object", "string", "null"],
        "description": "Null, as absent: no earlier split. Else an earlier split export's "
        "`meta.json` (in its zip, or the command "
        "line's `DIR.meta.json`), as an object or its text: the documents its `split.ids` "
        "list keep their split, the others get its rule (`split_rule` `hash-v1`, its `spec`, "
        "`seed` and `group_by`); documents it lists that the project no longer has are "
        "warned about. A file that is not such a meta.json is a 422 naming `split_from`.",
    }
    # Null is absent for every choice of the body (web/downloads.py options_from_body).
    for prop in properties.values():
        kinds = prop["type"] if isinstance(prop.get("type"), list) else [prop["type"]]
        prop["type"] = kinds if "null" in kinds else [*kinds, "null"]
        if "enum" in prop and None not in prop["enum"]:
            prop["enum"] = [*prop["enum"], None]
    body = {"type": "object", "properties": properties}
    return {
        **get,
        "summary": "Stream the dataset, the choices in a JSON body (reviewers and admins)",
        "parameters": [SLUG],
        "requestBody": {"required": True, "content": {"application/json": {"schema": body}}},
    }


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
        "get": _export_operation(),
        "post": _export_body_operation(),
    },
}
# ?format=csv answers the same report as CSV rows.
OPTIONAL_PATHS["/projects/{slug}/agreement"]["get"]["responses"]["200"]["content"]["text/csv"] = {
    "schema": {"type": "string", "description": "section,item,pair,metric,value rows"}
}
