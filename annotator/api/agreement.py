"""The agreement report over HTTP (CONTRACT sections 4 and 6): reviewers and admins only."""

from __future__ import annotations

from typing import Any

from flask import Response, request

from annotator.api import bp, caller
from annotator.api.fields import query_flag
from annotator.core.comma_lists import comma_separated
from annotator.core.errors import Malformed
from annotator.db import get_session
from annotator.services.accounts import permissions
from annotator.services.review.hidden_names import shown_names
from annotator.services.review.queue import ANONYMOUS
from annotator.web.downloads import attachment

FORMATS = ("json", "csv")


def names_argument(name: str) -> list[str] | None:
    """Return a comma-separated query argument as a list (None when absent or empty)."""
    return comma_separated(request.args.get(name)) or None


@bp.get("/projects/<slug>/agreement")
def agreement(slug: str) -> Any:
    """Return the agreement report, as JSON or (``?format=csv``) as CSV rows."""
    # Imported here: the agreement maths loads NumPy, which no other request needs.
    from annotator.services.agreement.report import agreement_report
    from annotator.services.agreement.table import report_csv
    from annotator.services.datasets.document_names import named_external_ids

    user = caller()
    # An annotator must not learn which project slugs exist (403, not 404).
    session = get_session()
    project = permissions.reviewed_project(session, user, slug, "read the agreement report")
    wanted = request.args.get("format", "json")
    if wanted not in FORMATS:
        raise Malformed(f"format must be one of {', '.join(FORMATS)}, got {wanted!r}")
    report = agreement_report(
        session,
        project,
        annotators=names_argument("annotators"),
        documents=named_external_ids(session, project, names_argument("documents")),
        per_document=request.args.get("per_document") in ("1", "true"),
        # As the export's: ``done`` counts finished layers only (the default: in progress too).
        status=request.args.get("status") or None,
        # ``?anonymous=1``: each annotator under the number the review gives them.
        shown=shown_names(session, project.id, request.args.get("anonymous") in ANONYMOUS),
        # Against gold: gold marked final, unless ``?include_in_review=1``.
        include_in_review=query_flag("include_in_review"),
    )
    if wanted == "csv":
        return Response(
            report_csv(report),
            mimetype="text/csv",
            headers={"Content-Disposition": attachment(f"{slug}-agreement.csv")},
        )
    return report
