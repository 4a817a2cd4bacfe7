"""Downloading a dataset: ``GET /projects/<slug>/export?format=&layer=&status=&documents=``.

The file is streamed as it is written, with a ``Content-Disposition`` file name. Its header
(project, schema version, layer, filters) travels in the ``X-Annotator-Export`` response
header as JSON, and with ``header=1`` also as a first ``{"_meta": ...}`` line of the
line-based formats. Reviewers and admins only.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from flask import Response, request, stream_with_context
from sqlalchemy.orm import Session

from annotator.api import bp, caller
from annotator.db import get_session
from annotator.services.accounts import permissions
from annotator.services.accounts.projects import get_project
from annotator.services.datasets.export import ExportOptions, start_export


def options_from_query() -> ExportOptions:
    """Return the export choices of the query string (shared with the export page)."""
    args = request.args
    documents = args.get("documents")
    ids = None if not documents else [d.strip() for d in documents.split(",") if d.strip()]
    return ExportOptions(
        format=args.get("format") or "jsonl",
        layer=args.get("layer") or "all",
        status=args.get("status") or None,
        documents=ids,
        header_line=args.get("header") in ("1", "true", "yes"),
    )


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
    response = Response(
        stream_with_context(_closing(export.chunks, get_session())),
        mimetype=export.format.mimetype.split(";")[0],
    )
    if "charset" in export.format.mimetype:
        response.charset = "utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    # ensure_ascii: a header value must be Latin-1; JSON escapes keep it readable.
    response.headers["X-Annotator-Export"] = json.dumps(export.meta, ensure_ascii=True)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/projects/<slug>/export")
def export_dataset(slug: str) -> Any:
    """Stream the project's dataset in the chosen format (reviewers and admins)."""
    user = caller()
    permissions.require_reviewer(user, "export datasets")
    session = get_session()
    project = get_project(session, slug)
    export = start_export(session, project, options_from_query())
    return download(export)
