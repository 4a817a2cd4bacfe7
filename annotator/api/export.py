"""Downloading a dataset: ``GET /projects/<slug>/export?format=&layer=&status=&documents=``
(and ``gold_status=``, ``header=``, ``split=``, ``seed=``, ``group_by=``, ``with_suggestions=``).

The file is streamed as it is written, with a ``Content-Disposition`` file name. Its header
(project, schema version, layer, filters) travels in the ``X-Annotator-Export`` response
header as JSON, and with ``header=1`` also as a first ``{"_meta": ...}`` line of the
line-based formats; the warnings known before the first byte go in ``X-Annotator-Warnings``.
``POST`` takes the same choices as a JSON body, and ``split_from``: an earlier split export's
``meta.json`` (its zip's, or the command line's ``DIR.meta.json``), so that a released split is
reused. Reviewers and admins only.
"""

from __future__ import annotations

from typing import Any

from annotator.api import bp, caller, json_object
from annotator.db import get_session
from annotator.services.accounts import permissions
from annotator.services.datasets.export import start_export
from annotator.web.downloads import download, options_from_body, options_from_query


@bp.get("/projects/<slug>/export")
def export_dataset(slug: str) -> Any:
    """Stream the project's dataset in the chosen format (reviewers and admins)."""
    user = caller()
    session = get_session()
    project = permissions.reviewed_project(session, user, slug, "export datasets")
    export = start_export(session, project, options_from_query())
    return download(export)


@bp.post("/projects/<slug>/export")
def export_dataset_from_body(slug: str) -> Any:
    """Stream the dataset with the choices in a JSON body, ``split_from`` among them: an
    earlier split export's ``meta.json``, whose documents keep their split (a file has no
    room in a query string)."""
    user = caller()
    session = get_session()
    project = permissions.reviewed_project(session, user, slug, "export datasets")
    options = options_from_body(json_object())
    return download(start_export(session, project, options))
