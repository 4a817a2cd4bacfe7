"""The suggestion model's page: its version, held-out scores and training, "Train now" and
"Suggest now", each with who will see what it suggests, and when
(:mod:`annotator.services.assist.audience`); each asks first when annotators would see the
suggestions while annotating.

For the project's reviewers and managers (:func:`permissions.reviewed_project`). The buttons
queue a training, or the writing of every document's suggestions, in the background
(:mod:`annotator.web.training`) and return at once; the rules of who trains when are in
:mod:`annotator.services.assist.jobs` (the claim on a training in
:mod:`annotator.services.assist.training_claim`), and what is suggested in
:mod:`annotator.services.assist.suggesting`, shared with the API and the command line.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, g, redirect, render_template, url_for

from annotator.db import get_session
from annotator.models import Project
from annotator.services.accounts import permissions
from annotator.services.assist.audience import suggest_now_audience, training_audience
from annotator.web.flashes import refused
from annotator.web.forms import SuggestNowForm, TrainModelForm
from annotator.web.project_forms import SUGGESTION_WORDS
from annotator.web.security import login_required, now
from annotator.web.training import suggest_later, train_later

bp = Blueprint("assist", __name__)


def _model_page(
    project: Project,
    form: TrainModelForm | None = None,
    suggest_form: SuggestNowForm | None = None,
    asking: str | None = None,
) -> Any:
    """The model page; ``asking``: the button ("train" or "suggest") whose suggestions
    annotators would see while annotating, asked about before it runs (409)."""
    # Imported here: the model's libraries load only on the pages that use them.
    from annotator.services.assist.label_models import label_field_models
    from annotator.services.assist.suggesting import suggestions_written
    from annotator.services.assist.training import newest_summary
    from annotator.services.assist.training_claim import job_state
    from annotator.services.assist.training_data import (
        MIN_GOLD_DOCUMENTS,
        gold_left_out,
        training_document_count,
    )
    from annotator.services.gold.state import reference_gold

    session = get_session()
    reference = reference_gold(session, project)
    page = render_template(
        "assist/model.html",
        project=project,
        model=newest_summary(session, project),
        label_fields=label_field_models(session, project),
        training=job_state(session, project, now()),
        learnable=training_document_count(session, project, reference),
        left_out=gold_left_out(session, project, reference),
        written=suggestions_written(session, project),
        minimum=MIN_GOLD_DOCUMENTS,
        form=form or TrainModelForm(formdata=None),
        suggest_form=suggest_form or SuggestNowForm(formdata=None),
        train_audience=training_audience(session, project),
        suggest_audience=suggest_now_audience(session, project),
        asking=asking,
        may_manage=permissions.may_manage(session, g.user, project.id),
        after_done_words=SUGGESTION_WORDS["after_done"],
    )
    return page, 409 if asking else 200


@bp.get("/projects/<slug>/suggestions/model")
@login_required
def model(slug: str) -> Any:
    """Show the newest model and its held-out scores, the training state and the buttons,
    with who will see what the buttons suggest."""
    session = get_session()
    project = permissions.reviewed_project(session, g.user, slug, "see the suggestion model")
    return _model_page(project)


@bp.post("/projects/<slug>/suggestions/train")
@login_required
def train(slug: str) -> Any:
    """Queue a training of the project's model; it runs in the background.

    A refusal is said at once and recorded as a training that stored no model is (its time
    and words), so that the page's Training section shows it after the message is gone.
    When annotators would see what the new model then suggests while annotating, the page
    asks first (409), and nothing is queued until the question's button is pressed.
    """
    from annotator.services.assist.label_models import training_refusal
    from annotator.services.assist.training_claim import job_state, record_refusal
    from annotator.services.assist.training_data import (
        gold_left_out,
        left_out_said,
        span_document_count,
        too_little_to_learn,
    )
    from annotator.services.gold.state import reference_gold

    session = get_session()
    project = permissions.reviewed_project(session, g.user, slug, "train a suggestion model")
    form = TrainModelForm()
    if form.validate_on_submit():
        include = form.include_in_review.data
        reference = reference_gold(session, project, include_in_review=include)
        # The tagger's refusal, unless a label field can be learned without it.
        span_refusal = too_little_to_learn(span_document_count(session, project, reference))
        refusal = training_refusal(session, project, span_refusal, reference)
        audience = training_audience(session, project)
        if refusal is not None:
            # Refused now, in the training's own words, rather than queued to fail unseen.
            refusal += left_out_said(gold_left_out(session, project, reference))
            record_refusal(session, project.id, refusal, now())
            session.commit()
            refused(f"Not trained: {refusal}.")
        elif job_state(session, project, now())["running"]:
            refused("A training of this project is running already; its model will show here.")
        elif audience.while_annotating and not form.confirm.data:
            return _model_page(project, form=form, asking="train")
        else:
            train_later(project.id, actor_id=g.user.id, asked_at=now(), include_in_review=include)
            flash(
                "Training started. Reload this page in a minute to see the new model. "
                f"{audience.said()}"
            )
    return redirect(url_for("assist.model", slug=project.slug), 303)


@bp.post("/projects/<slug>/suggestions/suggest")
@login_required
def suggest(slug: str) -> Any:
    """Queue writing the suggestions of every document of the project; it runs in the background.

    The newest model suggests, the attribution rules while there is none, as ``annotator
    assist predict SLUG`` does. When annotators would see them while annotating, the page
    asks first (409), counted again now, and nothing is queued until the question's button
    is pressed.
    """
    session = get_session()
    project = permissions.reviewed_project(session, g.user, slug, "write suggestions")
    form = SuggestNowForm()
    if form.validate_on_submit():
        audience = suggest_now_audience(session, project)
        if audience.while_annotating and not form.confirm.data:
            return _model_page(project, suggest_form=form, asking="suggest")
        suggest_later(project.id)
        flash(f"Suggesting for every document of the project. {audience.said()}")
    return redirect(url_for("assist.model", slug=project.slug), 303)
