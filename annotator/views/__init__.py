"""HTML pages, one blueprint per capability."""

from __future__ import annotations

from flask import Flask


def register_views(app: Flask) -> None:
    """Register every page blueprint, the ``counted``, ``offsets``, ``label_name``,
    ``utc_minute``, ``not_done_said``, ``value_words``, ``opening_title`` and
    ``unfinished_said`` filters their templates say counts, a span's place, a report's label
    keys, a moment, who has not finished a document, a label's value, an untitled document's
    opening words and the documents an accept left out unfinished with, the ``name_breaks``
    filter a heading breaks a long name with, the ``change_shown`` filter the audit log says
    a before or after with,
    the ``document_name`` every page names a document with (#N, title, a different id),
    the ``static_imports`` a page preloads beside its entry module (its ``modulepreload`` links),
    and the names of the code the templates use, global so that imported macros see them too:
    ``ALL_LABELS`` (the span scores over every label), ``NO_VALUE`` (what a missing value
    shows as), ``NAMING_DOCUMENTS`` (how fields that take documents name them), and
    ``assignment_status_names`` and ``gold_status_names``, the one wording of each status, and
    ``closed_statuses``, those of a layer that takes no write until reopened."""
    from annotator.core.audit_text import change_shown
    from annotator.core.times import utc_minute
    from annotator.core.untitled import opening_title
    from annotator.core.vocabulary import (
        ALL_LABELS,
        ASSIGNMENT_STATUS_NAMES,
        CLOSED_STATUSES,
        GOLD_STATUS_NAMES,
        label_name,
    )
    from annotator.core.wording import (
        NAMING_DOCUMENTS,
        NO_VALUE,
        counted,
        not_done_said,
        offsets,
        unfinished_said,
        value_words,
    )
    from annotator.web.document_names import document_name, name_breaks
    from annotator.web.module_imports import static_imports

    app.add_template_filter(counted)
    app.add_template_filter(offsets)
    app.add_template_filter(label_name)
    app.add_template_filter(utc_minute)
    app.add_template_filter(not_done_said)
    app.add_template_filter(value_words)
    app.add_template_filter(opening_title)
    app.add_template_filter(unfinished_said)
    app.add_template_filter(name_breaks)
    app.add_template_filter(change_shown)
    app.add_template_global(document_name)
    app.add_template_global(static_imports)
    # Values, not functions: add_template_global is for callables; Jinja's globals take any.
    app.jinja_env.globals.update(
        ALL_LABELS=ALL_LABELS,
        NO_VALUE=NO_VALUE,
        NAMING_DOCUMENTS=NAMING_DOCUMENTS,
        assignment_status_names=ASSIGNMENT_STATUS_NAMES,
        gold_status_names=GOLD_STATUS_NAMES,
        closed_statuses=CLOSED_STATUSES,
    )
    from annotator.views import (
        account,
        admin,
        agreement,
        annotate,
        api_docs,
        assist,
        auth,
        documents,
        export,
        history,
        label_fields,
        label_values,
        numbered_documents,
        people,
        project_labels,
        projects,
        projects_admin,
        review,
        review_next,
        review_unanimous,
        send_back,
        take_off,
    )

    app.register_blueprint(auth.bp)
    app.register_blueprint(account.bp)
    app.register_blueprint(projects.bp)
    app.register_blueprint(projects_admin.bp)
    app.register_blueprint(project_labels.bp)
    app.register_blueprint(label_fields.bp)
    app.register_blueprint(label_values.bp)
    app.register_blueprint(annotate.bp)
    app.register_blueprint(numbered_documents.bp)
    app.register_blueprint(documents.bp)
    app.register_blueprint(export.bp)
    app.register_blueprint(agreement.bp)
    app.register_blueprint(review.bp)
    app.register_blueprint(review_unanimous.bp)
    app.register_blueprint(review_next.bp)
    app.register_blueprint(take_off.bp)
    app.register_blueprint(send_back.bp)
    app.register_blueprint(history.bp)
    app.register_blueprint(assist.bp)
    app.register_blueprint(api_docs.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(people.bp)
