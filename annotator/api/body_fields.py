"""The fields a JSON object body may hold, read from the OpenAPI description of its endpoint.

An endpoint declares its body once, in the request schema of its ``openapi_*`` module. The
served description closes that schema (``additionalProperties: false``,
:func:`annotator.api.openapi.build_description`) and
:func:`refuse_unknown_fields` refuses what the schema does not list, so the two cannot
disagree. A field the server did not know was dropped: a typo (``attribute`` for
``attributes``) made a span without its attributes, answered 201.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import Flask, current_app, request

from annotator.api import bp
from annotator.api.openapi import build_description, flask_path
from annotator.api.openapi_shapes import JSON
from annotator.core.errors import Malformed, clipped, did_you_mean, echoed

_EXTENSION = "annotator.api.body_fields"
#: The attribute of each API URL rule holding its methods' fields, as :func:`_declared` found
#: them: a request reads its own rule's, resolved once per endpoint and app, instead of looking
#: the endpoint up in the app's table (about 6,500 instructions a span write).
_ON_RULE = "annotator_body_fields"


def _declared(app: Flask) -> dict[tuple[str, str], frozenset[str] | None]:
    """Return, per (endpoint, method), the fields its JSON object body may hold.

    None: the body is described as open (``additionalProperties`` allowed). Built once per
    app, from the description that app serves; each API rule gets its own methods' fields too.
    """
    found: dict[tuple[str, str], frozenset[str] | None] | None = app.extensions.get(_EXTENSION)
    if found is not None:
        return found
    paths = build_description()["paths"]
    found = {}
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith(f"{bp.name}."):
            continue
        item = paths.get(flask_path(rule.rule), {})
        on_rule: dict[str, frozenset[str] | None] = {}
        for method in rule.methods or ():
            media = item.get(method.lower(), {}).get("requestBody", {}).get("content", {})
            schema = media.get(JSON, {}).get("schema", {})
            if schema.get("type") == "object":
                closed = schema.get("additionalProperties") is False
                on_rule[method] = frozenset(schema["properties"]) if closed else None
                found[rule.endpoint, method] = on_rule[method]
        setattr(rule, _ON_RULE, on_rule)
    app.extensions[_EXTENSION] = found
    return found


def refuse_unknown_fields(body: dict[str, Any], current: Any = None) -> None:
    """Raise :class:`Malformed` (400) naming the fields of ``body`` this endpoint does not take.

    :param current: the request itself (not its proxy), where the caller holds it already.
    :raises LookupError: the endpoint reads a JSON object body that its OpenAPI description
        does not describe (a mistake of ours, to describe it).
    """
    if current is None:
        current = request._get_current_object()  # type: ignore[attr-defined]
    try:
        known = getattr(current.url_rule, _ON_RULE)[current.method]
    except (AttributeError, KeyError):
        known = _resolve(current)
    if known is None or known.issuperset(body):
        return
    unknown = [name for name in body if name not in known]
    raise Malformed(unknown_fields_message(unknown, known), details=_details(unknown))


def _resolve(current: Any) -> frozenset[str] | None:
    """Return the fields of the endpoint of ``current`` from the app's table (built on first
    use: the rules then hold theirs), or raise :class:`LookupError` if it describes no body."""
    key = (current.endpoint, current.method)
    declared = _declared(current_app._get_current_object())  # type: ignore[attr-defined]
    if key not in declared:
        raise LookupError(f"{key}: describe its JSON body in the OpenAPI description")
    return declared[key]


def _details(unknown: list[str]) -> dict[str, Any]:
    # Each name cut as refusals cut what they repeat (a 1 MB key is not sent back whole).
    return {"field": clipped(unknown[0]), "unknown": [clipped(name) for name in unknown]}


def unknown_fields_message(unknown: list[str], known: Iterable[str]) -> str:
    """Say which fields are not known, each with the known one it is close to, if any.

    ``unknown field 'attribute' (did you mean 'attributes'?); the fields are 'attributes',
    'end', 'label', 'start'``
    """
    known = sorted(known)
    named = [f"{echoed(name)}{did_you_mean(name, known)}" for name in unknown]
    fields = "field" if len(named) == 1 else "fields"
    takes = f"the fields are {', '.join(map(repr, known))}" if known else "it takes none"
    return f"unknown {fields} {', '.join(named)}; {takes}"
