"""The agreement page: the report's tables with server-drawn charts, filters and a CSV download."""

from __future__ import annotations

from functools import partial
from typing import Any

from flask import Blueprint, Response, g, render_template, request, url_for

from annotator.core import agreement_references
from annotator.core.comma_lists import comma_separated
from annotator.core.disagreement import disagreement
from annotator.core.errors import Invalid, Malformed
from annotator.core.vocabulary import (
    ALL_LABELS,
    KAPPA_UNDEFINED_SAID,
    KAPPA_UNDEFINED_WHY,
    label_name,
)
from annotator.db import get_session
from annotator.services.accounts import permissions
from annotator.services.review.hidden_names import shown_names
from annotator.services.review.queue import document_numbers, document_titles
from annotator.services.schema.required_blank import DoneBlank
from annotator.views import charts
from annotator.views.agreement_blank import done_blank_listed, page_done_blank
from annotator.views.review_places import anonymous
from annotator.views.send_back import send_back_form
from annotator.web.downloads import attachment
from annotator.web.security import login_required

bp = Blueprint("agreement", __name__)
#: The report's filters, each a field of its form (an error names the one at fault).
_FILTERS = ("annotators", "documents", "status")
#: The page's own default for ``status``: finished work only (the CLI and the API keep
#: theirs, in progress and done). ``status=all`` (or empty, as older links have it) asks for
#: every layer begun.
PAGE_STATUS = "done"
EVERY_LAYER = "all"


def _status_filter() -> str:
    """Return the page's status choice: its default when the URL names none."""
    asked = request.args.get("status")
    if asked is None:
        return PAGE_STATUS
    return asked or EVERY_LAYER


def _include_in_review() -> bool:
    """Tell whether the page was asked to score against gold still in review too."""
    return request.args.get("include_in_review", "").lower() in ("1", "true", "on", "y")


def _names(argument: str) -> list[str] | None:
    return comma_separated(request.args.get(argument)) or None


def _project(slug: str) -> Any:
    # An annotator must not learn which project slugs exist (403, not 404).
    return permissions.reviewed_project(get_session(), g.user, slug, "see the agreement report")


def _report(
    project: Any, *, per_document: bool, done_blank: list[DoneBlank] | None = None
) -> dict[str, Any]:
    # Imported here: the agreement maths loads NumPy, which no other request needs.
    from annotator.services.agreement.report import agreement_report
    from annotator.services.datasets.document_names import named_external_ids

    return agreement_report(
        get_session(),
        project,
        annotators=_names("annotators"),
        documents=named_external_ids(get_session(), project, _names("documents")),
        per_document=per_document,
        status=None if _status_filter() == EVERY_LAYER else _status_filter(),
        include_in_review=_include_in_review(),
        # ``?anonymous=1``: the review's setting, each annotator under the number the review
        # pages give them.
        shown=shown_names(get_session(), project.id, anonymous()),
        done_blank=done_blank,
    )


def _refused(project: Any, exc: Invalid | Malformed) -> Any:
    """Show the filter form again with the reason next to the filter that caused it."""
    get_session().rollback()
    field = exc.details.get("field") if isinstance(exc.details, dict) else None
    return render_template(
        "agreement/report.html",
        project=project,
        report=None,
        filter_errors={field: exc.message} if field in _FILTERS else {},
        error=None if field in _FILTERS else exc.message,
        annotators_filter=request.args.get("annotators", ""),
        documents_filter=request.args.get("documents", ""),
        status_filter=_status_filter(),
        include_in_review=_include_in_review(),
        anonymous=anonymous(),
        measures=agreement_references,
    ), 422


@bp.get("/projects/<slug>/agreement")
@login_required
def report(slug: str) -> Any:
    """Show the agreement report of a project (reviewers and admins)."""
    project = _project(slug)
    # Found once: the page lists these layers, and its report counts them.
    blank = page_done_blank(get_session(), project)
    try:
        found = _report(project, per_document=True, done_blank=blank)
    except (Invalid, Malformed) as exc:
        return _refused(project, exc)
    # An annotator who shares no document with another is in no pair: a heatmap row of
    # blanks for them said nothing; the page names them and says why instead.
    names = [name for name in found["annotators"] if name not in found["unpaired"]]
    label_charts = {
        key: charts.heatmap(names, entry["cohen_kappa"], f"Cohen's kappa per pair: {key}")
        for key, entry in found["labels"].items()
        if len(names) > 1
    }
    span_pairs = {
        key: charts.heatmap(
            names,
            {pair: figures["f1_overlap"] for pair, figures in entry["pairs"].items()},
            f"Span F1 (overlap) per pair: {key}",
        )
        for key, entry in found["spans"].items()
        if key == ALL_LABELS and len(names) > 1
    }
    span_bars = charts.bars(
        [
            (label_name(label), (e["f1_exact"], e["f1_overlap"], e["alpha_unitizing"]))
            for label, e in found["spans"].items()
        ],
        ["F1 exact", "F1 overlap", "unitizing alpha"],
        "Span agreement per label",
        "not marked on any document that two annotators worked on",
    )
    label_bars = charts.bars(
        [
            (key, (e["alpha_nominal"], e.get("alpha_ordinal"), e["percent_agreement"]))
            for key, e in found["labels"].items()
        ],
        ["alpha nominal", "alpha ordinal", "% agreement"],
        "Label agreement per field",
        "no sentence or document has values from two annotators",
    )
    rows = found.get("per_document", [])
    documents_chart = charts.histogram(
        [row["f1_overlap"] for row in rows], "Documents by span F1 (overlap)"
    )
    labels_chart = charts.histogram(
        [row["label_agreement"] for row in rows], "Documents by label agreement"
    )
    done_blank = done_blank_listed(
        get_session(),
        project,
        shown_names(get_session(), project.id, anonymous()),
        lambda document: url_for("review.document", slug=project.slug, document_id=document),
        blank,
        # Hidden names keep the usernames out of the page: no buttons that would name them.
        None if anonymous() else partial(send_back_form, project, back="agreement"),
    )
    worst = sorted(
        rows,
        key=lambda r: (
            -disagreement(r["f1_overlap"], r["label_agreement_with_left_out"]),
            r["document"],
        ),
    )[:20]
    return render_template(
        "agreement/report.html",
        project=project,
        report=found,
        label_charts=label_charts,
        span_pairs=span_pairs,
        span_bars=span_bars,
        label_bars=label_bars,
        documents_chart=documents_chart,
        labels_chart=labels_chart,
        worst=worst,
        done_blank=done_blank,
        titles=document_titles(get_session(), [row["document"] for row in worst]),
        numbers=document_numbers(get_session(), [row["document"] for row in worst]),
        query=request.query_string.decode("utf-8", "replace"),
        annotators_filter=request.args.get("annotators", ""),
        documents_filter=request.args.get("documents", ""),
        status_filter=_status_filter(),
        include_in_review=_include_in_review(),
        anonymous=anonymous(),
        kappa_undefined_said=KAPPA_UNDEFINED_SAID,
        kappa_undefined_why=KAPPA_UNDEFINED_WHY,
        measures=agreement_references,
    )


@bp.get("/projects/<slug>/agreement.csv")
@login_required
def download(slug: str) -> Any:
    """Download every figure of the report (and each document's) as CSV."""
    from annotator.services.agreement.table import report_csv

    found = _report(_project(slug), per_document=True)
    return Response(
        report_csv(found),
        mimetype="text/csv",
        headers={"Content-Disposition": attachment(f"{slug}-agreement.csv")},
    )
