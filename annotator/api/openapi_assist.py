"""The path items of suggestions (CONTRACT section 11): train, predict, accept, reject."""

from __future__ import annotations

from typing import Any

from annotator.api.openapi_parts import (
    READ,
    SLUG,
    WRITE,
    WRITE_LAYER,
    operation_of,
    path_param,
    query_param,
    read_layer_params,
)
from annotator.api.openapi_shapes import LABEL_VALUE, STR, integer, obj, ref
from annotator.api.openapi_suggestions import (
    ACCEPTED,
    ACCEPTED_SPAN,
    MODEL_NAME,
    REJECTION,
    SUGGESTIONS_LAYER,
)
from annotator.core.label_schema import SUGGESTION_MODES

_NUMBER_OR_NULL = {"type": ["number", "null"]}
_FIGURES = obj(
    ["precision", "recall", "f1", "matched", "gold", "predicted"],
    precision=_NUMBER_OR_NULL,
    recall=_NUMBER_OR_NULL,
    f1=_NUMBER_OR_NULL,
    matched=integer(),
    gold=integer(),
    predicted=integer(),
)
MODEL = obj(
    ["version", "kind", "documents", "labels", "scores", "created_at"],
    version=integer("Counts up from 1 per project; the newest model suggests."),
    kind={
        "type": "string",
        "description": "`tagger`; `labels` for a training that learned label fields alone.",
    },
    created_at={"type": "string", "format": "date-time", "description": "When it was stored."},
    documents=integer("Documents it was trained on (gold, and done layers if allowed)."),
    labels={"type": "array", "items": STR},
    scores={
        "type": "object",
        "description": "Per label, held-out (cross-validated) scores with `exact` and "
        "`overlap` matching.",
        "additionalProperties": obj(["exact", "overlap"], exact=_FIGURES, overlap=_FIGURES),
    },
    spans_refused={
        "type": ["string", "null"],
        "description": "Only in the answer of a training: why it trained no tagger (too little "
        "span gold) while it learned label fields (`kind` is then `labels`); null when it did.",
    },
    label_fields={
        "type": "object",
        "description": "Only in the answer of a training: each sentence or document label field "
        "it learned (`sentence:stance`), with held-out scores (cross-validated by document).",
        "additionalProperties": obj(
            ["accuracy", "macro_f1", "held_out", "examples", "values"],
            accuracy={"type": ["number", "null"]},
            macro_f1={"type": ["number", "null"]},
            held_out=integer("Examples scored held out."),
            examples=integer("Gold examples it learned from."),
            values={"type": "object", "description": "Gold examples per value."},
        ),
    },
    label_fields_refused={
        "type": "object",
        "description": "Only in the answer of a training: each label field it did not learn, "
        "and why (fewer than 2 values with 3 gold examples each; a field taking several values).",
        "additionalProperties": STR,
    },
    include_in_review={
        "type": "boolean",
        "description": "Only in the answer of a training: whether it learned from gold still "
        "in review too (asked for), or from gold marked final alone (the default).",
    },
    gold_left_out=obj(
        ["in_review", "unreviewed"],
        in_review=integer(
            "Documents whose gold is still in review (not marked final), left out: "
            "`include_in_review` learns from them too."
        ),
        unreviewed=integer("Documents whose gold an import brought and no reviewer touched."),
    )
    | {"description": "Only in the answer of a training: the documents with gold it left out."},
)
LABEL_FIELD_MODEL = obj(
    ["scope", "field", "version", "created_at", "scores"],
    scope={"type": "string", "enum": ["sentence", "document"]},
    field=STR,
    version=integer("The training that stored it."),
    created_at={"type": "string", "format": "date-time"},
    scores={
        "type": "object",
        "description": "Held-out `accuracy` and `macro_f1` (null: nothing held out), "
        "`held_out`, `examples`, and `values` (gold examples per value).",
    },
)
_MOMENT_OR_NULL = {"type": ["string", "null"], "format": "date-time"}
TRAINING = obj(
    ["running", "started_at", "finished_at", "last_version", "last_error", "train_every"],
    running={"type": "boolean", "description": "A training of the project runs now."},
    started_at={**_MOMENT_OR_NULL, "description": "When the running training began."},
    finished_at={**_MOMENT_OR_NULL, "description": "When the last training ended."},
    last_version={"type": ["integer", "null"], "description": "What the last one stored."},
    last_error={"type": ["string", "null"], "description": "Why the last one stored none."},
    train_every=integer(
        "The project's setting: train by itself after this many new gold documents (0: never).",
        minimum=0,
    ),
)
#: Whether the layer asked for already holds a suggestion (services/assist/held.py).
PREDICTION = obj(
    ["model", "documents", "skipped", "spans", "relations", "copies"],
    model=MODEL_NAME,
    documents={"type": "array", "items": STR, "description": "Document ids written."},
    skipped={
        "type": "array",
        "items": STR,
        "description": "Document ids the span tagger was trained on: no suggestions "
        "there. A label field's classifier learned from its own documents: see "
        "`labels_skipped`.",
    },
    spans=integer(),
    relations=integer(),
    copies=integer(
        "Suggested spans left out as copies of one written (a layer holds a span once)."
    ),
    labels=integer("Sentence and document label values suggested."),
    audience=obj(
        ["setting", "annotators", "documents", "mid_document", "said"],
        setting={
            "type": "string",
            "enum": list(SUGGESTION_MODES),
            "description": "The project's `suggestions` setting.",
        },
        annotators=integer(
            "Active annotators (not reviewers) who will see them on these documents, under "
            "the setting: now if `on`, once they mark the document done if `after_done`."
        ),
        documents=integer(
            "Of the documents written (not those `skipped`), those such an annotator has: "
            "an exact count, for named documents and for the whole project alike."
        ),
        mid_document=integer("Of `annotators`, those in the middle of one of them now."),
        said={"type": "string", "description": "The same in a sentence, as the model page says."},
    ),
    label_models={
        "type": "object",
        "description": "The version of the classifier that suggested each label field "
        "(`sentence:stance`).",
        "additionalProperties": integer(),
    },
    labels_documents={
        "type": "array",
        "items": STR,
        "description": "Document ids that got a suggested label value.",
    },
    labels_skipped={
        "type": "object",
        "description": "Per label field (`sentence:stance`), the document ids its classifier "
        "learned from, where it suggested nothing (spans may still be suggested there).",
        "additionalProperties": {"type": "array", "items": STR},
    },
)


def assist_paths() -> dict[str, Any]:
    """Return the path items of the suggestion endpoints."""
    document = path_param("document_id")
    suggestion = path_param("suggestion_id")
    relation = path_param("relation_id")

    documents = obj(
        [],
        documents={
            "type": ["array", "null"],
            "items": STR,
            "description": "Document ids (as in exports) or # numbers (`#12` or `12`); "
            "default (or null): every document.",
        },
    )
    return {
        "/projects/{slug}/assist/train": {
            "post": operation_of(
                "Train a suggestion model on the project's gold spans (reviewers and admins); "
                "answer its version and held-out scores. It learns from gold marked final; "
                "`include_in_review: true` learns from gold still in review too. Refused "
                "(422) with fewer than 3 gold documents, and (409) while another training of "
                "the project runs; 200 with the model another training stored while this one "
                "waited.",
                201,
                MODEL,
                (*READ, 409, 422),
                body=obj(
                    [],
                    include_in_review={
                        "type": "boolean",
                        "description": "Learn from gold still in review too (default false: "
                        "gold marked final only).",
                    },
                ),
                body_required=False,
                params=[SLUG],
            )
        },
        "/projects/{slug}/assist/model": {
            "get": operation_of(
                "Return the project's newest suggestion model with its held-out scores "
                "(null before the first) and whether a training runs now (reviewers and "
                "admins)",
                200,
                obj(
                    ["model", "training", "label_fields"],
                    model={"oneOf": [MODEL, {"type": "null"}]},
                    training=TRAINING,
                    label_fields={
                        "type": "array",
                        "description": "Each label field's newest classifier (the one that "
                        "suggests it), in the schema's order.",
                        "items": LABEL_FIELD_MODEL,
                    },
                ),
                READ,
                params=[SLUG],
            )
        },
        "/projects/{slug}/assist/predict": {
            "post": operation_of(
                "Write the suggestions layer of the project's documents with the newest "
                "model (the attribution rules while there is none), replacing the previous "
                "suggestions (reviewers and admins)",
                200,
                PREDICTION,
                WRITE,
                # No body at all: every document.
                body=documents,
                body_required=False,
                params=[SLUG],
            )
        },
        "/documents/{document_id}/suggestions": {
            "get": operation_of(
                "Return the document's suggestions layer (its annotators and reviewers). "
                "Those the layer asked for (default: yours) already holds are left out and "
                "counted in `held`; `include_held=1` lists them too, each marked `held`",
                200,
                SUGGESTIONS_LAYER,
                (400, *READ),
                params=[
                    document,
                    query_param(
                        "include_held",
                        "`1` (or `true`) to list the suggestions the layer already holds "
                        "too, each marked `held`; default `0`. Any other value is a 400.",
                        {"type": "string", "enum": ["0", "1", "true", "false"]},
                    ),
                    *read_layer_params(
                        "The layer whose holdings leave suggestions out: `gold` (reviewers), "
                        "or an annotator's name; default: yours."
                    ),
                ],
            )
        },
        "/suggestions/{suggestion_id}/accept": {
            "post": operation_of(
                "Copy a suggested span into your own layer, or gold with `?layer=gold`; the "
                "copy keeps the suggestion's model and score (`suggested`). A layer that "
                "already holds it (a span of its label over any of its characters) refuses "
                'it (409, "you already have this span", naming that span in '
                "`details.span`). The suggested relations at it whose other end the layer "
                "already holds are written with it (`relations`). The body is optional: "
                "`attributes` to give the copy",
                201,
                ACCEPTED_SPAN,
                (*WRITE, 409),
                body=obj([], attributes={"type": "object"}),
                body_required=False,
                params=[suggestion, *WRITE_LAYER],
            )
        },
        "/suggestions/{suggestion_id}/reject": {
            "post": operation_of(
                "Reject a suggested span: it is no longer shown to you (whichever model "
                "suggests it again), and the agreement report counts the rejection",
                201,
                REJECTION,
                WRITE,
                params=[suggestion],
            ),
            "delete": operation_of(
                "Take back your rejection of a suggested span (an undo): it is shown to you "
                "again and the report no longer counts it; no rejection to take back is no "
                "error",
                204,
                None,
                WRITE,
                params=[suggestion],
            ),
        },
        "/suggestions/relations/{relation_id}/accept": {
            "post": operation_of(
                "Copy a suggested relation into your own layer (or gold with `?layer=gold`), "
                "bringing its two spans; a span already there that holds one (of its label, "
                "over it) is used as it is. A layer that already holds the relation "
                'refuses it (409, "you already have this relation")',
                201,
                ACCEPTED,
                (*WRITE, 409),
                params=[relation, *WRITE_LAYER],
            )
        },
        "/suggestions/labels/{label_id}/accept": {
            "post": operation_of(
                "Set a suggested sentence or document label (an `id` of the suggestions "
                "layer's `sentence_labels` or `document_labels`) in your own layer (or gold "
                "with `?layer=gold`), replacing the value there; it keeps `suggested` (the "
                "model and score) until the value is changed. A layer that already held "
                "that value keeps it as it was: no `suggested` is claimed for it",
                201,
                ref("Label"),
                (*WRITE, 409),
                params=[path_param("label_id"), *WRITE_LAYER],
                body=obj(
                    [],
                    previous={
                        **LABEL_VALUE,
                        "description": "Optional: the value the caller shows for that "
                        "sentence (or the document) and field (null: none), as a label "
                        "write's `previous`. When another is stored (set in another tab "
                        "since), the accept is refused with 409, `details`: `reason` "
                        "`label_changed`, `sentence`, `name` and `value`, the value stored. "
                        "Absent (or no body): whatever is stored is replaced.",
                    },
                ),
                body_required=False,
            )
        },
        "/documents/{document_id}/suggestions/accept": {
            "post": operation_of(
                "Accept every suggestion shown to you that starts in one sentence, and the "
                "suggested relations between them; those that break a rule are skipped, and "
                "those the layer already holds are named in `held` (nothing written)",
                201,
                ACCEPTED,
                (*WRITE, 409),
                body=obj(["sentence"], sentence=integer("The sentence index, from 0.", minimum=0)),
                params=[document, *WRITE_LAYER],
            )
        },
    }
