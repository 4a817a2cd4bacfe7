"""The pieces every path item of the OpenAPI description is built of: an operation with its
answers, path and query parameters, and the body of a change.

One home for them, so that each ``openapi_*`` module says only what its endpoints take and
answer, and every operation describes its errors and parameters the same way.
"""

from __future__ import annotations

from typing import Any

from annotator.api.openapi_schemas import ERRORS
from annotator.api.openapi_shapes import JSON, STR, integer, ref
from annotator.core.limits import INT_MAX, SEARCH_MAX
from annotator.core.paging import MAX_PER_PAGE, PER_PAGE
from annotator.core.vocabulary import ASSIGNMENT_STATUSES

#: What a read and a write may answer besides success.
READ = (401, 403, 404)
WRITE = (400, 401, 403, 404, 422)


def json_content(schema: dict[str, Any]) -> dict[str, Any]:
    """Return the ``content`` of a JSON body or answer with ``schema``."""
    return {"content": {JSON: {"schema": schema}}}


def operation_of(
    summary: str,
    ok: int,
    answer: dict[str, Any] | None,
    errors: tuple[int, ...],
    *,
    body: dict[str, Any] | None = None,
    body_required: bool = True,
    params: list[dict[str, Any]] | None = None,
    public: bool = False,
) -> dict[str, Any]:
    """Return an operation: its success ``ok`` with ``answer`` (None: no body), each error
    status of ``errors`` with the error shape, and the JSON ``body`` it takes, if any."""
    responses: dict[str, Any] = {
        str(ok): {"description": "Success."} | (json_content(answer) if answer else {})
    }
    for status in errors:
        responses[str(status)] = {"description": ERRORS[status]} | json_content(ref("Error"))
    operation: dict[str, Any] = {"summary": summary, "responses": responses}
    if body is not None:
        operation["requestBody"] = {"required": body_required, **json_content(body)}
    if params:
        operation["parameters"] = params
    if public:
        operation["security"] = []
    return operation


def path_param(
    name: str, schema: dict[str, Any] | None = None, description: str = ""
) -> dict[str, Any]:
    """Return a path parameter: a row id (an integer) unless ``schema`` says otherwise."""
    parameter: dict[str, Any] = {"name": name, "in": "path", "required": True}
    if description:
        parameter["description"] = description
    parameter["schema"] = {"type": "integer"} if schema is None else schema
    return parameter


def query_param(name: str, description: str, schema: dict[str, Any] = STR) -> dict[str, Any]:
    """Return an optional query parameter."""
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


def count_param(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    """Return an optional query parameter that counts from 1 (``page``, ``per_page``).

    The server reads these with :func:`annotator.api.fields.whole_query`, which takes an
    empty value (``?page=``) as no value: the document says so with ``allowEmptyValue``.
    """
    return query_param(name, description, schema) | {"allowEmptyValue": True}


def paging_params(rows: str) -> list[dict[str, Any]]:
    """Return ``page`` and ``per_page`` of a list of ``rows`` (the plural) that pages when
    asked to: the parameters of :mod:`annotator.core.paging`, said once for every list."""
    return [
        count_param(
            "page",
            f"Answer this page (from 1), with `total`, `page` and `per_page`; without it "
            f"(and without `per_page`), all the {rows}. A page past the last is empty.",
            integer(minimum=1),
        ),
        count_param(
            "per_page",
            f"{rows.capitalize()} a page (default {PER_PAGE}, at most {MAX_PER_PAGE}; more is a "
            "400). Given without `page`, it asks for the first page.",
            integer(minimum=1) | {"maximum": MAX_PER_PAGE},
        ),
    ]


def people_filter_params(role: dict[str, Any], which: str) -> list[dict[str, Any]]:
    """Return ``q`` and ``role`` of a list of people (:mod:`annotator.services.accounts.
    people_filter`), said once for the users and a project's members."""
    return [
        query_param(
            "q",
            "Only those whose user name holds this text, case aside (the document list's "
            "search rule).",
            {"type": "string", "maxLength": SEARCH_MAX},
        ),
        query_param("role", f"Only those of this {which} role; another is a 400.", role),
    ]


def paged_list(name: str, items: dict[str, Any], **more: Any) -> dict[str, Any]:
    """Return the answer of a list that pages: ``name`` (an array of ``items``) and ``more``,
    with ``total``, ``page`` and ``per_page`` when a page was asked for."""
    return {
        "type": "object",
        "description": "With `page`: one page, and `total`, `page` and `per_page`; without: "
        "every row, and nothing else.",
        "required": [*more, name],
        "properties": {
            **more,
            name: {"type": "array", "items": items},
            "total": integer("Rows on every page together.", minimum=0),
            "page": integer(minimum=1),
            "per_page": integer(minimum=1),
        },
    }


#: An assignment status as a filter takes it; another is a 400 naming the choices.
STATUS_FILTER = {"type": "string", "enum": list(ASSIGNMENT_STATUSES)}
#: The ``Location`` header of a 201 whose new thing has a ``GET`` of its own.
LOCATION = {
    "Location": {
        "description": "The address of the new thing's `GET`, under `/api/v1`.",
        "required": True,
        "schema": {"type": "string", "format": "uri-reference"},
    }
}


def with_location(operation: dict[str, Any]) -> dict[str, Any]:
    """Return ``operation`` with its 201 answer carrying :data:`LOCATION`."""
    operation["responses"]["201"]["headers"] = LOCATION
    return operation


def change_body(properties: dict[str, Any]) -> dict[str, Any]:
    """Return the body of a PATCH: any of ``properties``, at least one."""
    return {"type": "object", "minProperties": 1, "properties": properties}


SLUG = path_param("slug", STR)
#: The layer a write goes to.
LAYER = query_param(
    "layer",
    "`gold` to write the gold layer (reviewers and admins); default: your own. "
    "`annotator` is the same parameter by another name.",
    {"type": "string", "enum": ["gold"]},
)
#: ``?annotator=`` is a synonym of ``?layer=`` wherever a layer is named
#: (:mod:`annotator.api.layer_query`); both, naming different layers, are a 400.
SAME_AS_LAYER = "The same as `layer`; giving both with different values is a 400."
WRITE_LAYER = [LAYER, query_param("annotator", SAME_AS_LAYER, {"type": "string", "enum": ["gold"]})]


def read_layer_params(description: str) -> list[dict[str, Any]]:
    """Return the two names of the layer a read asks for: ``annotator`` and ``layer``."""
    return [
        query_param("annotator", description + " `layer` is the same parameter by another name."),
        query_param("layer", "The same as `annotator`; both, with different values, are a 400."),
    ]


#: The schema version the client's page read its label names from (api/schema_header.py).
SCHEMA_SEEN = {
    "name": "X-Schema-Version",
    "in": "header",
    "required": False,
    "description": "The project's `schema_version` the client read the label names it "
    "sends from. When a later version renamed or removed a name this write sends (a "
    "span label, relation type, label field, attribute or value, or the value a label "
    "write expects to replace), the write is refused with 409 `schema_changed`, saying "
    "what became of each (`details`: `seen`, `schema_version`, `lost`: "
    "`[{kind, owner, name, now}]`, `now` null for a name gone); a write whose names all "
    "still stand is taken. Absent: the write is checked against the schema as it is now.",
    "schema": {"type": "integer", "minimum": 1, "maximum": INT_MAX},
}
