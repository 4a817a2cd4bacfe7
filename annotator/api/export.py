"""Downloading a dataset: ``GET /projects/<slug>/export?format=&layer=&status=&documents=``
(and ``gold_status=``, ``header=``, ``split=``, ``seed=``, ``group_by=``, ``with_suggestions=``).

The file is streamed as it is written, with a ``Content-Disposition`` file name. Its header
(project, schema version, layer, filters) travels in the ``X-Annotator-Export`` response
header as JSON, and with ``header=1`` also as a first ``{"_meta": ...}`` line of the
line-based formats; the warnings known before the first byte go in ``X-Annotator-Warnings``.
Reviewers and admins only.
"""

from __future__ import annotations

from typing import Any

from annotator.api import bp, caller
from annotator.db import get_session
from annotator.services.accounts import permissions
from annotator.services.datasets.export import start_export
from annotator.web.downloads import download, options_from_query


@bp.get("/projects/<slug>/export")
def export_dataset(slug: str) -> Any:
    """Stream the project's dataset in the chosen format (reviewers and admins)."""
    user = caller()
    session = get_session()
    project = permissions.reviewed_project(session, user, slug, "export datasets")
    export = start_export(session, project, options_from_query())
    return download(export)
