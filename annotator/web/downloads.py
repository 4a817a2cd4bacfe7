"""A dataset export or a project file as an HTTP download, for the pages and the API alike.

The file is streamed as it is written, with a ``Content-Disposition`` file name; its header
(project, schema version, layer, filters) travels in the ``X-Annotator-Export`` response
header as JSON, and the warnings known before the first byte in ``X-Annotator-Warnings``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import quote

from flask import Response, request, stream_with_context
from sqlalchemy.orm import Session

from annotator.core.comma_lists import comma_separated
from annotator.core.errors import Invalid
from annotator.core.formats.project_file import MIMETYPE
from annotator.db import get_session
from annotator.services.datasets.export import warnings_said
from annotator.services.datasets.export_header import header_meta
from annotator.services.datasets.export_options import ExportOptions
from annotator.services.datasets.project_dump import ProjectDump


def options_from_query() -> ExportOptions:
    """Return the export choices of the query string (shared with the export page)."""
    return export_options(request.args)


#: The JSON types each export choice of a body may take, beside null (absent): the one rule
#: that :func:`options_from_body` reads and the OpenAPI body declares. A number where text
#: is meant (``"with_suggestions": 0``) was read as its text; now it is refused by field.
BODY_KINDS: dict[str, tuple[str, ...]] = {
    "format": ("string",),
    "layer": ("string",),
    "status": ("string",),
    "gold_status": ("string",),
    "documents": ("string", "array"),
    "header": ("boolean", "string"),
    "split": ("string",),
    "seed": ("integer",),
    "group_by": ("string",),
    "with_suggestions": ("boolean", "string"),
}
_SAID = {"string": "text", "array": "a list", "boolean": "true/false", "integer": "a whole number"}


def _json_kind(value: Any) -> str:
    """Return the JSON type of a decoded value, as OpenAPI names it."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "number" if isinstance(value, float) else "object"


def options_from_body(body: Mapping[str, Any]) -> ExportOptions:
    """Return the export choices of a JSON body: the query's, in the JSON types
    :data:`BODY_KINDS` names, and ``split_from`` (an earlier split export's ``meta.json``, as
    an object or its text).

    :raises Invalid: a choice of the wrong type, naming its field.
    """
    as_query: dict[str, str] = {}
    for name, value in body.items():
        if name == "split_from" or value is None or name not in BODY_KINDS:
            continue
        kinds = BODY_KINDS[name]
        if _json_kind(value) not in kinds:
            said = " or ".join(_SAID[kind] for kind in kinds)
            raise Invalid(f"{name} must be {said}", details={"field": name})
        if isinstance(value, bool):
            as_query[name] = "1" if value else ""
        elif isinstance(value, list):
            if not all(_json_kind(item) in ("string", "integer") for item in value):
                raise Invalid(
                    "documents must list document ids, as numbers or text",
                    details={"field": name},
                )
            as_query[name] = ",".join(str(item) for item in value)
        else:
            as_query[name] = str(value)
    options = export_options(as_query)
    released = body.get("split_from")
    if released is not None:
        if isinstance(released, dict):
            released = json.dumps(released)
        elif not isinstance(released, str):
            raise Invalid(
                "split_from must be an export's meta.json, as an object or its text",
                details={"field": "split_from"},
            )
        options.split_from = released
    return options


def export_options(args: Mapping[str, str]) -> ExportOptions:
    """Return the export choices of query-string values."""
    documents = args.get("documents")
    ids = comma_separated(documents) if documents else None
    seed = args.get("seed") or ""
    try:
        chosen_seed = int(seed) if seed.strip() else None
    except ValueError:
        raise Invalid(f"seed {seed!r} is not a whole number", details={"field": "seed"}) from None
    return ExportOptions(
        # An empty ?format= is refused with the other unknown names, as the document says.
        format=args.get("format", "jsonl"),
        layer=args.get("layer") or "all",
        status=args.get("status") or None,
        gold_status=args.get("gold_status") or None,
        documents=ids,
        header_line=args.get("header") in ("1", "true", "yes"),
        split=args.get("split") or None,
        seed=chosen_seed,
        group_by=args.get("group_by") or None,
        with_suggestions=args.get("with_suggestions") in ("1", "true", "yes"),
    )


def attachment(filename: str) -> str:
    """Return the ``Content-Disposition`` of a download named ``filename`` (RFC 6266).

    A file name holds a layer's name, and a username may be any text: outside Latin-1 it made a
    header the server cannot send, and a quote or ``;`` let the rest out of the file name. So
    ``filename`` is the name with every other character than ASCII letters, digits, ``.``,
    ``_`` and ``-`` made ``_``, and ``filename*`` the whole name, percent-encoded UTF-8, which
    browsers prefer.
    """
    plain = re.sub(r"[^A-Za-z0-9._-]", "_", filename)
    if plain == filename:
        return f'attachment; filename="{filename}"'
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _closing(chunks: Iterator[bytes], session: Session) -> Iterator[bytes]:
    """Yield ``chunks``, then close the session they were read with.

    The stream outlives the view: without this, the database connection would stay checked
    out after the last chunk (or after the client went away) until garbage collection.
    """
    try:
        yield from chunks
    finally:
        session.close()


def download(export: Any) -> Response:
    """Return a streamed download of a started export."""
    # A folder export (hf, or any --split) goes out as the zip of its files.
    mimetype = "application/zip" if export.members is not None else export.format.mimetype
    # The format's type as it is written, charset and all (Werkzeug 3 has no charset setting).
    response = Response(
        stream_with_context(_closing(export.chunks, get_session())), content_type=mimetype
    )
    response.headers["Content-Disposition"] = attachment(export.filename)
    # ensure_ascii: a header value must be Latin-1; JSON escapes keep it readable.
    response.headers["X-Annotator-Export"] = json.dumps(header_meta(export.meta), ensure_ascii=True)
    # Only the warnings known before the first byte (a split the filters emptied, documents
    # without the group field): those found while writing come after the headers are sent.
    known = warnings_said(export.context.warnings)
    if known:
        response.headers["X-Annotator-Warnings"] = json.dumps(known, ensure_ascii=True)
    response.headers["Cache-Control"] = "no-store"
    return response


def download_project(dump: ProjectDump) -> Response:
    """Return a streamed download of a project file (``annotator projects dump``)."""
    response = Response(
        stream_with_context(_closing(dump.chunks, get_session())), mimetype=MIMETYPE
    )
    response.headers["Content-Disposition"] = attachment(dump.filename)
    response.headers["Cache-Control"] = "no-store"
    return response
