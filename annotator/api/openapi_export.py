"""The OpenAPI description of the export (``GET`` and ``POST /projects/{slug}/export``): the
dataset streamed as a download, its choices in the query or in a JSON body."""

from __future__ import annotations

from typing import Any

from annotator.api.openapi_parts import READ, SLUG, STATUS_FILTER, operation_of, query_param
from annotator.api.openapi_shapes import STR
from annotator.core.vocabulary import GOLD_STATUSES
from annotator.web.downloads import BODY_KINDS


def export_operation() -> dict[str, Any]:
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
                "to train on), `in_review` or `open`; another is a 422. Absent, an export that "
                "writes gold warns how many of its documents have gold that is not final.",
                {"type": "string", "enum": list(GOLD_STATUSES)},
            ),
            query_param(
                "documents",
                "Comma-separated document ids (default: all). A long list goes in the body of "
                "`POST` export instead: behind gunicorn a request line over 4,094 bytes (about "
                "450 ids) is refused with gunicorn's own HTML `414 Request Line is too large` "
                "before the app sees it.",
                STR,
            ),
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
        "`jsonl` and `spacy` hold every part of a layer), or, without `gold_status`, how much "
        "of the gold written is not final (`2 of 18 documents written have gold that is not "
        "final (1 In review, 1 Open): ...`). `hf`, `labelstudio-project` (the "
        "`labelstudio` tasks as `tasks.json` with `labeling_config.xml`, the Label Studio "
        "config made from the schema), and any format with `split`, is a zip of the folder "
        "the command line writes, with the header as `meta.json`; with a split it also names "
        "each split's documents (`split.ids`, left out of `X-Annotator-Export`). "
        "`X-Annotator-Export` counts the documents asked for by name "
        "(`filters.documents_count`) rather than listing them: the list (`filters.documents`) "
        "is in the `header=1` `_meta` line and a zip's `meta.json`. In "
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


def export_body_operation() -> dict[str, Any]:
    """Return ``POST``'s operation: ``GET``'s, with its choices in a JSON body and
    ``split_from``."""
    get = export_operation()
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
        "warned about (`split.split_from.gone`), and so are the values of the group field "
        "whose documents it put in two splits or more (`split.split_from.groups_across_splits`"
        "). A file that is not such a meta.json is a 422 naming `split_from`.",
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
