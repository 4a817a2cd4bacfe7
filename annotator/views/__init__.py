"""HTML pages, one blueprint per capability."""

from __future__ import annotations

from flask import Flask


def register_views(app: Flask) -> None:
    """Register every page blueprint, the ``counted`` filter their templates say counts with,
    and the names of the code the templates compare with (``ALL_LABELS``: the span scores
    over every label), global so that imported macros see them too."""
    from annotator.core.vocabulary import ALL_LABELS
    from annotator.core.wording import counted

    app.add_template_filter(counted)
    app.add_template_global(ALL_LABELS, "ALL_LABELS")
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
        people,
        projects,
        projects_admin,
        review,
        review_unanimous,
    )

    app.register_blueprint(auth.bp)
    app.register_blueprint(account.bp)
    app.register_blueprint(projects.bp)
    app.register_blueprint(projects_admin.bp)
    app.register_blueprint(annotate.bp)
    app.register_blueprint(documents.bp)
    app.register_blueprint(export.bp)
    app.register_blueprint(agreement.bp)
    app.register_blueprint(review.bp)
    app.register_blueprint(review_unanimous.bp)
    app.register_blueprint(history.bp)
    app.register_blueprint(assist.bp)
    app.register_blueprint(api_docs.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(people.bp)
