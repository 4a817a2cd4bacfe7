"""The OpenAPI description of project administration: create, change, delete, dump, load."""

from __future__ import annotations

from typing import Any

from annotator.api.openapi_parts import SLUG, change_body, operation_of, query_param, with_location
from annotator.api.openapi_shapes import STR, obj, ref
from annotator.core.formats.project_people import PEOPLE
from annotator.core.limits import PROJECT_NAME_MAX, SLUG_PATTERN
from annotator.core.schema_roles import ALL_ROLES
from annotator.core.vocabulary import EDITABLE_SETTINGS

_LABEL_FIELDS = {
    "type": "array",
    "description": "Label fields (CONTRACT section 2), each with its `name`, `values` and "
    "optional settings; only the setting added since is described here.",
    "items": {
        "type": "object",
        "properties": {
            "required": {
                "type": "boolean",
                "description": "True: every sentence (a document field: the document) needs a "
                "value before its annotator may mark the document done (422 naming the field "
                "and the sentences); gold marked final is warned. Default false; kept in the "
                "schema only when true.",
            }
        },
    },
}

_SCHEMA = {
    "type": ["object", "null"],
    "description": "A label schema (CONTRACT section 2); refused (422, code `invalid_schema`) "
    "with a message naming the offending entry when it breaks the rules, and `details` saying "
    "the same as data (`SchemaPlace`). Null, as absent: the default scheme for a new project, "
    "the schema unchanged for an edit.",
    # Described, not closed: the schema's own rules refuse an unknown key, naming its place.
    "properties": {
        **{kind: _LABEL_FIELDS for kind in ("sentence_labels", "document_labels")},
        "roles": {
            "type": "object",
            "description": "Which span label plays each role of the suggestions (`SOURCE`, "
            "`CUE`, `CLAIM`) and which relation type (`ATTRIBUTED_TO`, `CUED_BY`): "
            '`{"CLAIM": "ASSERTION"}`. Absent: each role is played by the entry named like '
            "it. Present: the whole truth, a role not listed is suggested by nobody. A "
            "rename carries a role; a removal removes it.",
            "properties": {role: {"type": "string"} for role in ALL_ROLES},
            "additionalProperties": False,
        },
    },
}
_K = {"type": ["integer", "null"], "minimum": 1}
_RENAMED = {"type": "object", "additionalProperties": STR}
RENAMES = {
    "type": ["object", "null"],
    "additionalProperties": False,
    "description": "`labels` renames span labels, relation types and label fields (OLD: NEW); "
    "`values` renames values per field (`stance`, `document:genre`) or span attribute "
    "(`CLAIM.claimer`), named as in the new schema. A NEW that exists already merges OLD "
    "into it. `fields` renames a label field under its kind, `sentence` or `document`, and "
    "`attributes` a span label's attributes under the label's name in the new schema: there "
    "NEW must be free (a taken name is refused, 422, naming it), and a name is renamed under "
    "`labels` or `fields`, not both. Every use in every layer of the project is renamed.",
    "properties": {
        # Each part of the renames may be null, as if left out.
        "labels": _RENAMED | {"type": ["object", "null"]},
        "values": {"type": ["object", "null"], "additionalProperties": _RENAMED},
        "fields": {
            "type": ["object", "null"],
            "additionalProperties": False,
            "properties": {"sentence": _RENAMED, "document": _RENAMED},
        },
        "attributes": {"type": ["object", "null"], "additionalProperties": _RENAMED},
    },
}
_LICENSE = {
    "type": "string",
    "maxLength": 200,
    "description": "The licence of exported datasets (e.g. `cc-by-4.0`), on `hf` dataset "
    "cards; empty removes it. Kept in the schema as `license`.",
}
_NAME = {"type": "string", "maxLength": PROJECT_NAME_MAX}
ADMIN_PROJECT = obj(
    ["slug", "name", "schema_version", "guidelines", "annotators_per_document", "schema"],
    slug=STR,
    name=STR,
    schema_version={"type": "integer", "minimum": 1},
    guidelines=STR,
    annotators_per_document=_K,
    license=STR,
    schema={"type": "object"},
    schema_change={
        "type": "string",
        "description": "What the current schema version changed, in the words of the settings "
        "page's versions list (after a `PATCH`, what it did), e.g. `stance: target changed "
        "from 'NATO' to 'Fuel subsidies'`; empty when none is recorded.",
    },
    required_left_blank={
        "type": "array",
        "description": "`PATCH` answers only: per label field the change made required (set "
        "`required: true`, or added it so), the annotators' layers already marked done that "
        "leave it blank; they stay done, and the agreement page lists them. Empty when none.",
        "items": obj(
            ["field", "kind", "layers", "documents", "message"],
            field=STR,
            kind={"type": "string", "enum": ["sentence", "document"]},
            layers={"type": "integer", "minimum": 1},
            documents={"type": "integer", "minimum": 1},
            message={
                "type": "string",
                "description": "In words: `3 layers already marked done leave 'stance' blank "
                "(they stay done)`.",
            },
        ),
    },
)


def project_admin_paths() -> dict[str, Any]:
    """Return the operations of project administration, by path."""
    return {
        "/projects": {
            "post": with_location(
                operation_of(
                    "Create a project (admins); no schema: the default claim, source and stance "
                    "scheme",
                    201,
                    ref("Project"),
                    (400, 401, 403, 409, 422),
                    body=obj(
                        ["slug", "name"],
                        slug={"type": "string", "pattern": SLUG_PATTERN},
                        name=_NAME,
                        schema=_SCHEMA,
                        guidelines=STR,
                        annotators_per_document=_K,
                        license=_LICENSE,
                    ),
                )
            )
        },
        "/projects/{slug}": {
            "patch": operation_of(
                "Change a project's name, guidelines, K, licence or schema (admins, its "
                "managers); each schema change is a new `schema_version`. 409 names the uses "
                "of a label, field or value that would vanish (rename it to what it becomes "
                "instead), or the annotations a tightened rule would break (narrowed relation "
                "ends, a lower max_per_source, overlaps forbidden, a field or attribute no "
                "longer multiple). A changed `target` or `description` of a label field that "
                "has values, or a changed `description` of a span label or span attribute "
                "that spans carry, is 409 `meaning_changed`, its `details.given` counting "
                "them per entry (`field`, `kind`: sentence, document, span or attribute, "
                "`change`, `values`: the label values or spans, `documents`, `gold`), until the "
                "body has `confirm_meaning: true`; the annotations stay as they are. The "
                "answer's `schema_change` says the version's change in words, and "
                "`required_left_blank` the layers already marked done that leave a field "
                "the change made required blank",
                200,
                ref("Project"),
                (400, 401, 403, 404, 409, 422),
                body=change_body(
                    {
                        "name": _NAME,
                        "guidelines": STR,
                        "annotators_per_document": _K,
                        "license": _LICENSE,
                        "schema": _SCHEMA,
                        "renames": RENAMES,
                        "confirm_meaning": {
                            "type": "boolean",
                            "description": "Save a change of a used label field's target or "
                            "description, or of a used span label's or span attribute's "
                            "description (otherwise 409 `meaning_changed`).",
                        },
                        "schema_version": {
                            "type": "integer",
                            "minimum": 1,
                            "description": "The schema version the change was made from (the "
                            "project's `schema_version` as read): 409 when another change has "
                            "stored a later one since, `details.schema_version` naming it; "
                            "without it the change follows whatever version is stored.",
                        },
                    }
                )
                # A setting to change, at least one: `confirm_meaning` alone changes nothing
                # (the server's 400 names the settings).
                | {"anyOf": [{"required": [name]} for name in EDITABLE_SETTINGS]},
                params=[SLUG],
            ),
            "delete": operation_of(
                "Delete a project with its documents and annotations (admins)",
                204,
                None,
                (401, 403, 404),
                params=[SLUG],
            ),
        },
    }


_FILE = {"type": "string", "format": "binary"}


def _dump_operation() -> dict[str, Any]:
    operation = operation_of(
        "Download the whole project as one file, for `POST /project-files` or `annotator "
        "projects load` (admins, its managers)",
        200,
        None,
        (401, 403, 404),
        params=[SLUG],
    )
    operation["responses"]["200"] = {
        "description": "The project file, streamed, with a `Content-Disposition` file name: "
        "a gzip of JSON lines (a header with the format's version, the project, its users, "
        "members, schema versions, suggestion models and history, one line per document with "
        "every layer, and an end record). The gzip header's time is the dump time; two dumps "
        "of the same project differ in nothing else.",
        "content": {"application/gzip": {"schema": _FILE}},
    }
    return operation


def _load_operation() -> dict[str, Any]:
    operation = operation_of(
        "Recreate a project from a project file (admins), all or nothing: a problem is 422 "
        "naming the file's line and field (`details.line`, `details.field`); a slug in use is "
        "409. Users are matched by name; missing ones are created disabled. Span, relation and "
        "label value ids are kept unless some are taken here (see `renumbered`)",
        201,
        ref("LoadedProject"),
        (400, 401, 403, 409, 413, 422),
        params=[
            query_param("slug", "Load the project under this slug instead of the file's."),
            query_param(
                "name",
                "Name the loaded project so. By default it keeps the file's name, followed by "
                "its slug in brackets when a project here has that name already (and by a "
                "number when that is taken too).",
            ),
            query_param(
                "people",
                "What of the file's people comes too: `all` (the default: members, "
                "assignments and each annotator's layer), `members` (members only: no "
                "assignments, no annotators' layers, notes or rejected suggestions), `none` "
                "(neither, and no user is made: a name no user has here is left out, see "
                "`left_out_users`). Gold, suggestions and documents come whatever it is.",
                {"type": "string", "enum": list(PEOPLE)},
            ),
        ],
    )
    operation["requestBody"] = {
        "required": True,
        "description": "The file of `GET /projects/{slug}/dump` as the body (gzip or its "
        "unzipped JSON lines), or as the `file` part of a multipart form.",
        "content": {
            "application/gzip": {"schema": _FILE},
            "application/octet-stream": {"schema": _FILE},
            "multipart/form-data": {"schema": obj(["file"], file=_FILE)},
        },
    }
    return with_location(operation)


def project_file_paths() -> dict[str, Any]:
    """Return the operations that move a project: its dump and loading one."""
    return {
        "/projects/{slug}/dump": {"get": _dump_operation()},
        "/project-files": {"post": _load_operation()},
    }


LOADED_PROJECT = obj(
    ["project", "documents", "created_users", "left_out_users", "renumbered", "people", "warnings"],
    people={"type": "string", "enum": list(PEOPLE), "description": "As asked."},
    warnings={
        "type": "array",
        "items": STR,
        "description": "What a lead should know, in words: the project's name was another "
        "project's here already, ids that were renumbered (so that ids in files exported "
        "from the original differ), and with `people=none` the names left out.",
    },
    project=ref("AdminProject"),
    documents={"type": "integer", "minimum": 0},
    created_users={
        "type": "array",
        "items": STR,
        "description": "The file's names no user had here, made as disabled users (empty "
        "with `people=none`).",
    },
    left_out_users={
        "type": "array",
        "items": STR,
        "description": "With `people=none`, which makes no users: the file's names no user "
        "has here, left out. What they did is kept naming no one (`decided_by` and the layer "
        "history's actor are null; the project history keeps the name); their notes and "
        "rejected suggestions are left out. A warning says it too.",
    },
    renumbered={
        "type": "array",
        "description": "The kinds whose ids the load could not keep, because `taken` of the "
        "file's ids of that kind belong to other items in this database: that kind was "
        "numbered anew (relations still join the same spans, changes the same items). Empty "
        "when every span, relation and label value kept its id; a file older than format "
        "version 4 holds no ids (older than 5, none of label values), and those items are "
        "numbered anew without being listed.",
        "items": obj(
            ["kind", "taken"],
            kind={"type": "string", "enum": ["span", "relation", "label"]},
            taken={"type": "integer", "minimum": 1},
        ),
    },
)

_ENTRY_PLACE: dict[str, Any] = {
    "entry": {
        "type": ["string", "null"],
        "enum": ["span_labels", "relation_types", "sentence_labels", "document_labels", None],
        "description": "The list the entry is in; null for the schema's own settings.",
    },
    "index": {"type": ["integer", "null"], "minimum": 0, "description": "Its place in the list."},
    "name": {"type": ["string", "null"], "description": "Its name; null when it has none."},
    "attribute": {
        "type": ["object", "null"],
        "description": "For a span label's attribute: which, within the label.",
        "required": ["index", "name"],
        "properties": {"index": {"type": "integer"}, "name": {"type": ["string", "null"]}},
    },
}
SCHEMA_PLACE = {
    "type": "object",
    "description": "Where a refused label schema breaks a rule: the `details` of an "
    "`invalid_schema` error.",
    "required": ["entry", "index", "name", "attribute", "setting"],
    "properties": _ENTRY_PLACE
    | {
        "setting": {
            "type": ["string", "null"],
            "description": "The setting refused, as the schema names it (`color`, `values`, "
            "`keys`, `from`...); null for the entry as a whole.",
        },
        "value": {"description": "The one value of `values` or `keys` refused, if so."},
        "key": {
            "type": "string",
            "description": "The workspace key refused, if so: the entry's `key`, or the key "
            "of `value` among its `keys`.",
        },
        "taken_by": {
            "type": "object",
            "description": "For a key used twice: where it was given first, as an entry's "
            "`key` or a value's among its `keys` (with that `value`).",
            "required": ["entry", "index", "name", "attribute", "setting"],
            "properties": _ENTRY_PLACE
            | {"setting": {"type": "string", "enum": ["key", "keys"]}, "value": STR},
        },
        "more": {
            "type": "array",
            "description": "When the schema has more than one problem (every one is found at "
            "once): the others, after the first (whose place these details are), each a "
            "place as above with its `message`. The error's message says them all.",
            "items": {
                "type": "object",
                "required": ["entry", "index", "name", "attribute", "setting", "message"],
                "properties": _ENTRY_PLACE
                | {"setting": {"type": ["string", "null"]}, "message": STR},
            },
        },
    },
}

#: Component schemas of project administration.
PROJECT_ADMIN_SCHEMAS = {
    "AdminProject": ADMIN_PROJECT,
    "LoadedProject": LOADED_PROJECT,
    "SchemaPlace": SCHEMA_PLACE,
}
