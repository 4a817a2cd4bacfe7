"""The OpenAPI 3.1 description of the API, built as data (``GET /api/v1/openapi.json``).

tests/test_api_openapi.py checks that every route under /api/v1 is described here, so the
description cannot drift from the code. Agreement and export are described only once their
routes exist.
"""

from __future__ import annotations

import re
from typing import Any

from flask import current_app

from annotator.api import bp
from annotator.api.idempotency import KEYLESS
from annotator.api.openapi_accounts import ACCOUNT_SCHEMAS, account_paths
from annotator.api.openapi_assist import assist_paths
from annotator.api.openapi_parts import json_content
from annotator.api.openapi_paths import core_paths
from annotator.api.openapi_people import PEOPLE_SCHEMAS, people_paths
from annotator.api.openapi_projects import (
    PROJECT_ADMIN_SCHEMAS,
    project_admin_paths,
    project_file_paths,
)
from annotator.api.openapi_reading import TAGS, make_readable
from annotator.api.openapi_reports import OPTIONAL_PATHS
from annotator.api.openapi_review import review_paths
from annotator.api.openapi_schemas import ERRORS, SCHEMAS
from annotator.api.openapi_shapes import JSON, ref
from annotator.api.openapi_workspace import with_workspace
from annotator.core.limits import INT_MAX, INT_MIN
from annotator.core.version import __version__

_ERROR_CONTENT = json_content(ref("Error"))


def flask_path(rule: str) -> str:
    """Return the OpenAPI path of a Flask rule under /api/v1: ``<int:x>`` becomes ``{x}``."""
    path = rule.removeprefix(bp.url_prefix or "")
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", path)


def build_description() -> dict[str, Any]:
    """Return the OpenAPI description of the routes this app serves."""
    rules = list(current_app.url_map.iter_rules())
    served = {flask_path(r.rule) for r in rules}
    paths = core_paths() | {p: item for p, item in OPTIONAL_PATHS.items() if p in served}
    keyless = frozenset(
        (flask_path(r.rule), method.lower())
        for r in rules
        if r.endpoint in KEYLESS
        for method in r.methods or ()
    )
    for path, item in project_admin_paths().items():
        paths[path] = paths.get(path, {}) | item
    paths = with_workspace(
        paths
        | review_paths()
        | account_paths()
        | people_paths()
        | assist_paths()
        | project_file_paths(),
        keyless,
    )
    for path, item in paths.items():
        for method, operation in item.items():
            _bound_integers(operation)
            _close_object_body(operation)
            _refuse_nul_in_queries(operation)
            _too_large(method, operation)
            make_readable(method, path, operation)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "annotator API",
            "version": __version__,
            "description": "Claim, source and stance annotation. Offsets count Unicode code "
            "points. JSON bodies are UTF-8 (a leading byte-order mark allowed): one in another "
            "encoding is a 400 naming the byte, its offset and the fix. Authenticate with "
            "`Authorization: Bearer TOKEN` (`annotator users token NAME`) or the login session "
            "plus `X-CSRFToken` on writes.",
        },
        "servers": [{"url": bp.url_prefix}],
        "tags": TAGS,
        "security": [{"bearer": []}, {"session": []}],
        "paths": paths,
        "components": {
            "schemas": SCHEMAS | ACCOUNT_SCHEMAS | PROJECT_ADMIN_SCHEMAS | PEOPLE_SCHEMAS,
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "session": {"type": "apiKey", "in": "cookie", "name": "session"},
            },
        },
    }


def _bound(schema: Any, minimum: int) -> None:
    """Give every integer in ``schema`` the range the server takes (32-bit columns)."""
    if isinstance(schema, list):
        for item in schema:
            _bound(item, minimum)
        return
    if not isinstance(schema, dict):
        return
    kind = schema.get("type")
    if kind == "integer" or (isinstance(kind, list) and "integer" in kind):
        schema.setdefault("minimum", minimum)
        schema.setdefault("maximum", INT_MAX)
    for value in schema.values():
        _bound(value, minimum)


def _bound_integers(operation: dict[str, Any]) -> None:
    """State in the request schemas what the server refuses: integers past 32 bits, and path
    ids below 1 (:mod:`annotator.web.routing`)."""
    for parameter in operation.get("parameters", []):
        _bound(parameter["schema"], 1 if parameter["in"] == "path" else INT_MIN)
    for media in operation.get("requestBody", {}).get("content", {}).values():
        _bound(media.get("schema"), INT_MIN)
        _example_integers(media.get("schema"))


def _example_integers(schema: Any) -> None:
    """Give every integer of a request body an example: the least it may be, or 0.

    Swagger UI builds a body's example from its schema, and for an integer with a minimum
    and a maximum it takes the maximum (2147483647 for a sentence index). Query and path
    parameters get none: Swagger UI would fill them in on "Try it out".
    """
    if isinstance(schema, list):
        for item in schema:
            _example_integers(item)
        return
    if not isinstance(schema, dict):
        return
    kind = schema.get("type")
    if (kind == "integer" or (isinstance(kind, list) and "integer" in kind)) and not (
        {"examples", "example", "const", "enum", "default"} & schema.keys()
    ):
        schema["examples"] = [max(schema.get("minimum", 0), 0)]
    for value in schema.values():
        _example_integers(value)


#: What a string query parameter may hold: no NUL (annotator.web.routing refuses one).
_NO_NUL = "^[^\\u0000]*$"
_NUL_ANSWER = (
    "Malformed request: a query argument holding a NUL (`%00`), declared or not, is refused "
    "on every operation (the message and `details.field` name it)."
)


def _refuse_nul_in_queries(operation: dict[str, Any]) -> None:
    """Say what every route refuses (:mod:`annotator.web.routing`): a query argument holding
    a NUL is a 400, whichever argument it is, so each operation lists a 400 and no string
    query parameter it declares takes a NUL."""
    operation["responses"].setdefault("400", {"description": _NUL_ANSWER} | _ERROR_CONTENT)
    if "parameters" in operation:
        operation["parameters"] = [
            parameter | {"schema": _no_nul(parameter["schema"])}
            if parameter["in"] == "query"
            else parameter
            for parameter in operation["parameters"]
        ]


def _no_nul(schema: dict[str, Any]) -> dict[str, Any]:
    """Return ``schema`` (a copy: schemas are shared) refusing a string holding a NUL."""
    kind = schema.get("type")
    if kind == "array":
        return schema | {"items": _no_nul(schema.get("items", {}))}
    if (kind == "string" or (isinstance(kind, list) and "string" in kind)) and not (
        {"enum", "const", "pattern"} & schema.keys()
    ):
        return schema | {"pattern": _NO_NUL}
    return schema


#: The methods whose request a body may come with: any of them over the upload limit is a 413
#: before the route reads it (annotator.web.body_limit, Werkzeug's MAX_CONTENT_LENGTH).
_BODY_METHODS = frozenset({"post", "put", "patch"})


def _too_large(method: str, operation: dict[str, Any]) -> None:
    """Say on every operation that takes a body that one over ANNOTATOR_MAX_UPLOAD_MB is a
    413: the limit holds for every write, whatever its body, not for uploads alone."""
    if method in _BODY_METHODS or "requestBody" in operation:
        operation["responses"].setdefault("413", {"description": ERRORS[413]} | _ERROR_CONTENT)


def _close_object_body(operation: dict[str, Any]) -> None:
    """Say of the operation's JSON object body that it takes no field it does not list: the
    server refuses those (:mod:`annotator.api.body_fields`, which reads this)."""
    media = operation.get("requestBody", {}).get("content", {}).get(JSON)
    schema = media.get("schema") if media else None
    if schema is not None and schema.get("type") == "object" and "properties" in schema:
        schema.setdefault("additionalProperties", False)


@bp.get("/openapi.json")
def openapi() -> Any:
    """Return the OpenAPI description of the API."""
    return build_description()
