"""The learning loop: what training reads, one training at a time, training by itself after
new gold, the model's page and button, and the queue ordered by the model's uncertainty."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func

from annotator.core.label_schema import validate_schema
from annotator.core.times import as_utc
from annotator.db import get_sessionmaker
from annotator.models import Assignment, AssistJob, AssistModel, DocumentUncertainty, utcnow
from annotator.services.annotation.layers import ensure_layer
from annotator.services.annotation.spans import add_span
from annotator.services.assist import jobs, training_claim
from annotator.services.assist.predicting import predict_documents
from annotator.services.assist.training import train_project
from annotator.services.assist.training_data import gold_documents
from annotator.services.datasets.document_queue import document_queue
from annotator.services.datasets.listing import next_open_document
from annotator.web import training as background
from tests.assist_world import attribution_text, build_assist_world, mark_gold
from tests.helpers import csrf_token_from, login, logout


@pytest.fixture
def world(session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any) -> Any:
    return build_assist_world(session, make_user, make_project, make_document, assign)


def _set(session: Any, project: Any, **settings: Any) -> None:
    project.schema = validate_schema({**project.schema, **settings})
    session.commit()


def _maker(app: Any) -> Any:
    return get_sessionmaker(app)


def _versions(app: Any, project_id: int) -> list[int]:
    with _maker(app)() as own:
        return sorted(
            own.scalars(
                AssistModel.__table__.select()
                .with_only_columns(AssistModel.version)
                .where(AssistModel.project_id == project_id)
            )
        )


def _annotated(session: Any, make_document: Any, project: Any, name: str, user: Any = None) -> Any:
    """A document with SOURCE, CUE and CLAIM spans in gold marked final (or in ``user``'s
    layer)."""
    text, spans = attribution_text([("Lena Ott", "said", "the ferry will stop in May")] * 3)
    document = make_document(project, text, name)
    layer = ensure_layer(session, document, None if user is None else user.id)
    for label, start, end in spans:
        add_span(
            session, layer, label, start, end, {"claimer": "REPORTED"} if label == "CLAIM" else None
        )
    session.commit()
    if user is None:
        mark_gold(session, [document], "final")
    return document


# What training reads --------------------------------------------------------------------


def test_training_never_reads_an_open_layer_nor_a_document_being_annotated(
    session: Any, world: Any, make_document: Any, assign: Any
) -> None:
    # An annotator's layer in progress, on a document without gold: never read.
    open_work = _annotated(session, make_document, world.project, "open-work", world.annotator)
    assign(open_work, world.annotator)
    session.query(Assignment).filter_by(document_id=open_work.id).update({"status": "in_progress"})
    # Gold on a document somebody is still annotating: not read until they are done.
    busy = _annotated(session, make_document, world.project, "busy")
    assign(busy, world.annotator)
    session.commit()
    names = {d.id for d in gold_documents(session, world.project)}
    assert names == {d.external_id for d in world.gold}

    model = train_project(session, world.project, world.reviewer)
    session.commit()
    assert model.documents == 6
    # Predicting for the busy document uses a model that never saw it: it gets suggestions.
    report = predict_documents(session, world.project, ["busy", "open-work"])
    assert report["documents"] == ["busy", "open-work"] and report["skipped"] == []

    session.query(Assignment).filter_by(document_id=busy.id).update({"status": "done"})
    session.commit()
    assert "busy" in {d.id for d in gold_documents(session, world.project)}


def test_done_layers_are_read_only_when_the_project_allows_it(
    session: Any, world: Any, make_document: Any, assign: Any
) -> None:
    done = _annotated(session, make_document, world.project, "done-work", world.annotator)
    assign(done, world.annotator)
    session.query(Assignment).filter_by(document_id=done.id).update({"status": "done"})
    session.commit()
    assert "done-work" not in {d.id for d in gold_documents(session, world.project)}
    _set(session, world.project, train_on_done=True)
    learned = {d.id: d for d in gold_documents(session, world.project)}
    assert "done-work" in learned and len(learned["done-work"].spans) == 9
    # Gold wins over a done layer of the same document.
    gold_doc = world.gold[0]
    assign(gold_doc, world.annotator)
    session.query(Assignment).filter_by(document_id=gold_doc.id).update({"status": "done"})
    session.commit()
    own = ensure_layer(session, gold_doc, world.annotator.id)
    add_span(session, own, "SOURCE", 0, 3)
    session.commit()
    assert len(learned[gold_doc.external_id].spans) == len(
        {d.id: d for d in gold_documents(session, world.project)}[gold_doc.external_id].spans
    )


def test_the_schema_settings_are_validated(session: Any, world: Any) -> None:
    from annotator.core.errors import SchemaError

    for bad, message in (
        ({"train_every": -1}, "'train_every' must be a whole number"),
        ({"train_every": True}, "'train_every' must be a whole number"),
        ({"queue_order": "random"}, "'queue_order' must be one of documents, uncertainty"),
        ({"train_on_done": "yes"}, "'train_on_done' must be true or false"),
    ):
        with pytest.raises(SchemaError, match=re.escape(message)):
            validate_schema({**world.project.schema, **bad})
    defaults = validate_schema({"span_labels": []})
    assert (defaults["train_every"], defaults["train_on_done"], defaults["queue_order"]) == (
        0,
        False,
        "documents",
    )


# One training at a time -----------------------------------------------------------------


def test_a_claim_is_held_once_and_expires(app: Any, world: Any) -> None:
    now = utcnow()
    with _maker(app)() as own:
        assert training_claim.claim(own, world.project.id, "first", now)
        own.commit()
        assert not training_claim.claim(own, world.project.id, "second", now + timedelta(minutes=1))
        own.commit()
        # The first worker died: after the claim's time, another takes it over.
        later = now + training_claim.CLAIM_TTL + timedelta(seconds=1)
        assert training_claim.claim(own, world.project.id, "second", later)
        own.commit()
        training_claim.release(own, world.project.id, "first", later)  # a lost claim: nothing
        own.commit()
        assert own.get(AssistJob, world.project.id).claimed_by == "second"
        training_claim.release(own, world.project.id, "second", later, version=3)
        own.commit()
        job = own.get(AssistJob, world.project.id)
        assert (job.claimed_by, job.last_version) == (None, 3)


def test_a_training_while_another_holds_the_claim_stores_nothing(app: Any, world: Any) -> None:
    with _maker(app)() as own:
        assert training_claim.claim(own, world.project.id, "someone else", utcnow())
        own.commit()
    outcome = jobs.run_training(_maker(app), world.project.id, asked_at=utcnow())
    assert outcome.busy and _versions(app, world.project.id) == []


def test_asked_together_the_second_finds_the_first_models_answer(app: Any, world: Any) -> None:
    asked = utcnow()
    first = jobs.run_training(_maker(app), world.project.id, asked_at=asked)
    second = jobs.run_training(_maker(app), world.project.id, asked_at=asked)
    assert first.stored is not None and second.not_due
    assert _versions(app, world.project.id) == [1]
    again = jobs.run_training(_maker(app), world.project.id, asked_at=utcnow())
    assert again.stored is not None and _versions(app, world.project.id) == [1, 2]


# Training by itself ----------------------------------------------------------------------


def test_the_request_that_makes_the_nth_new_gold_document_trains_in_the_background(
    app: Any, client: Any, session: Any, world: Any, make_document: Any, make_token: Any
) -> None:
    train_project(session, world.project, world.reviewer)  # version 1, on 6 documents
    _set(session, world.project, train_every=2)
    rita = make_token(world.reviewer)
    text, spans = attribution_text([("Ola Berg", "warned", "the dam may break")] * 3)
    new = [make_document(world.project, text.replace("Ola", f"Ola{n}"), f"new-{n}") for n in (1, 2)]

    def gold_span(document: Any, which: int = 0) -> Any:
        label, start, end = spans[which]
        return client.post(
            f"/api/v1/documents/{document.id}/spans?layer=gold",
            headers=rita,
            json={"label": label, "start": start, "end": end},
        )

    def mark_final(document: Any) -> Any:
        return client.put(
            f"/api/v1/projects/assist/review/{document.id}/status",
            headers=rita,
            json={"status": "final"},
        )

    assert gold_span(new[0]).status_code == 201
    assert mark_final(new[0]).status_code == 200
    assert background.wait_idle(60)
    assert _versions(app, world.project.id) == [1]  # one new final gold document: not yet due
    assert gold_span(new[1]).status_code == 201
    assert background.wait_idle(60)
    # Gold still in review is not learned from by default: not due either.
    assert _versions(app, world.project.id) == [1]
    answer = mark_final(new[1])
    assert answer.status_code == 200, answer.get_json()
    # The answer came back while the training was still queued or running.
    assert not background.wait_idle(0)
    assert background.wait_idle(120)
    assert _versions(app, world.project.id) == [1, 2]
    with _maker(app)() as own:
        newest = own.query(AssistModel).filter_by(project_id=world.project.id, version=2).one()
        assert newest.documents == 8 and newest.created_by_id is None
        assert own.get(AssistJob, world.project.id).last_version == 2
        # The new model suggested for the document waiting in alice's queue, so that its
        # uncertainty (the queue's order) is the new model's.
        assert own.get(DocumentUncertainty, world.unseen.id).model == 2
    # Gold written where it is not final asks nothing new.
    assert gold_span(world.unseen, 1).status_code == 201
    assert background.wait_idle(60)
    assert _versions(app, world.project.id) == [1, 2]


def test_train_every_zero_never_trains_by_itself(
    app: Any, client: Any, session: Any, world: Any, make_token: Any
) -> None:
    rita = make_token(world.reviewer)
    made = client.post(
        f"/api/v1/documents/{world.unseen.id}/spans?layer=gold",
        headers=rita,
        json={"label": "CUE", "start": 12, "end": 16},
    )
    assert made.status_code == 201
    assert background.wait_idle(30)
    assert _versions(app, world.project.id) == []


# The page and its button -----------------------------------------------------------------


def test_the_model_page_trains_from_its_button_for_reviewers_only(
    app: Any, client: Any, world: Any
) -> None:
    url = "/projects/assist/suggestions/model"
    login(client, "alice")
    assert client.get(url).status_code == 403
    token = csrf_token_from(client.get("/").get_data(as_text=True))
    refused = client.post("/projects/assist/suggestions/train", data={"csrf_token": token})
    assert refused.status_code == 403
    logout(client)
    login(client, "rita")
    page = client.get(url).get_data(as_text=True)
    assert "No model yet" in page and "6 such documents" in page
    # Without the CSRF token: refused, nothing queued.
    assert client.post("/projects/assist/suggestions/train").status_code == 403
    assert background.wait_idle(0) and _versions(app, world.project.id) == []
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    # alice's document waits unbegun: the new model's suggestions reach her, so confirmed.
    confirmed = {"csrf_token": token, "confirm": "Train now, shown to annotators"}
    answer = client.post("/projects/assist/suggestions/train", data=confirmed)
    assert answer.status_code == 303
    assert background.wait_idle(120)
    page = client.get(url).get_data(as_text=True)
    assert re.search(r"data-version>1<", page) and re.search(r"data-documents>6<", page)
    assert '<th scope="row" rowspan="2">CUE</th>' in page
    assert client.get("/api/v1/projects/assist/assist/model").get_json()["model"]["version"] == 1


def test_train_now_with_too_little_gold_is_refused_at_once_queues_nothing_and_is_kept(
    app: Any, client: Any, session: Any, world: Any, make_project: Any, make_document: Any
) -> None:
    thin = make_project("thin")
    _annotated(session, make_document, thin, "only-one")
    login(client, "rita")
    url = "/projects/thin/suggestions/model"
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    answer = client.post("/projects/thin/suggestions/train", data={"csrf_token": token})
    assert answer.status_code == 303
    page = client.get(url).get_data(as_text=True)
    said = re.search(r'<p class="flash flash--warning">([^<]*)</p>', page)
    assert said is not None, page
    assert said.group(1).startswith("Not trained: training needs at least 3 documents")
    assert "the project has 1." in said.group(1)
    # Nothing was queued: no training running or failed later. The refusal is kept, dated
    # and quoted, as a training that stored no model is: a reload still says it.
    assert background.wait_idle(0)
    session.expire_all()
    job = session.get(AssistJob, thin.id)
    assert job is not None and job.claimed_by is None and job.finished_at is not None
    assert html.unescape(said.group(1)) == f"Not trained: {job.last_error}."
    state = _training_state(client, url)
    assert state.startswith("The last training, at ") and "the project has 1" in state
    assert "No training has run yet." not in client.get(url).get_data(as_text=True)


def _training_state(client: Any, url: str) -> str:
    """The page's training state as a reader sees it: its text, unescaped, on one line."""
    said = re.search(r'<p id="training-state" role="status">(.*?)</p>', client.get(url).text, re.S)
    assert said is not None
    return " ".join(html.unescape(said.group(1)).split())


def test_a_refused_training_is_dated_and_not_read_as_the_present_once_enough_qualify(
    runner: Any,
    client: Any,
    session: Any,
    make_user: Any,
    make_project: Any,
    make_document: Any,
    assign: Any,
) -> None:
    """``annotator assist train`` refused for too little gold; gold came later. The page said
    "3 such documents now (training needs 3)" right above "The last training stored no model:
    ... the project has 0", undated: it read as a contradiction. It says when that training
    ended, quotes what it said then, and that enough documents qualify now."""
    world = build_assist_world(session, make_user, make_project, make_document, assign, 0)
    refused = runner.invoke(args=["assist", "train", "assist"])
    assert refused.exit_code != 0 and "the project has 0" in refused.output
    session.expire_all()
    job = session.get(AssistJob, world.project.id)
    assert job is not None and job.last_error is not None and job.finished_at is not None
    when = as_utc(job.finished_at).strftime("%Y-%m-%d %H:%M UTC")
    failure = f"The last training, at {when}, stored no model: \u201c{job.last_error}\u201d."
    login(client, "rita")
    url = "/projects/assist/suggestions/model"
    # Still too few: the dated failure agrees with the count above it, and says no more.
    assert _training_state(client, url) == failure
    for n in range(3):
        _annotated(session, make_document, world.project, f"later-{n}")
    assert "3 such documents now (training needs 3)" in " ".join(client.get(url).text.split())
    assert _training_state(client, url) == (
        f"{failure} Now 3 documents qualify, enough to train: Train now tries again."
    )


def test_suggest_now_writes_every_documents_suggestions_in_the_background(
    app: Any, client: Any, session: Any, world: Any
) -> None:
    from annotator.core.vocabulary import RULES
    from annotator.models import SUGGESTIONS, Document, Layer, Span

    login(client, "alice")
    token = csrf_token_from(client.get("/").get_data(as_text=True))
    url = "/projects/assist/suggestions/suggest"
    assert client.post(url, data={"csrf_token": token}).status_code == 403
    logout(client)
    login(client, "rita")
    page = client.get("/projects/assist/suggestions/model").get_data(as_text=True)
    assert "Suggest now" in page
    assert client.post(url).status_code == 403  # no CSRF token: refused, nothing queued
    assert background.wait_idle(0)
    token = csrf_token_from(page)
    # alice has an open document: she would see them while annotating, so confirmed.
    answer = client.post(url, data={"csrf_token": token, "confirm": "Suggest now"})
    assert answer.status_code == 303  # answered before anything is written
    assert background.wait_idle(120)
    session.expire_all()
    suggested = {
        external_id
        for external_id, model in session.query(Document.external_id, Span.model)
        .join(Layer, Layer.document_id == Document.id)
        .join(Span, Span.layer_id == Layer.id)
        .filter(Layer.key == SUGGESTIONS, Document.project_id == world.project.id)
    }
    # No model yet: the rules suggest, on every document of the project.
    assert suggested == {d.external_id for d in [*world.gold, world.unseen]}
    models = session.query(Span.model).join(Layer).filter(Layer.key == SUGGESTIONS).distinct()
    assert {m for (m,) in models} == {RULES}
    flashed = client.get("/projects/assist/suggestions/model").get_data(as_text=True)
    assert "Suggesting for every document of the project." in flashed


def test_the_model_page_says_what_suggest_now_wrote_once_it_has_run(
    client: Any, session: Any, world: Any
) -> None:
    """Suggest now answers at once and writes in the background: on a reload, the page says
    how many spans it suggested on how many documents, and when, so that the lead knows it ran."""
    from annotator.models import SUGGESTIONS, Document, Layer, Span

    login(client, "rita")
    url = "/projects/assist/suggestions/model"
    page = client.get(url).get_data(as_text=True)
    assert "No document has a suggested span yet." in page
    confirmed = {"csrf_token": csrf_token_from(page), "confirm": "Suggest now"}
    client.post("/projects/assist/suggestions/suggest", data=confirmed)
    assert background.wait_idle(120)
    session.expire_all()
    spans, documents = (
        session.query(func.count(Span.id), func.count(func.distinct(Layer.document_id)))
        .join(Layer, Span.layer_id == Layer.id)
        .join(Document, Layer.document_id == Document.id)
        .filter(Layer.key == SUGGESTIONS, Document.project_id == world.project.id)
        .one()
    )
    assert spans > documents > 1
    said = re.search(
        r'<p id="suggestions-written" role="status">([^<]*)</p>',
        client.get(url).get_data(as_text=True),
    )
    assert said is not None
    assert said.group(1).startswith(
        f"Now {spans} suggested spans on {documents} documents, the newest written "
    )
    assert said.group(1).endswith(" UTC.")


def test_the_api_reports_the_newest_model_and_refuses_a_second_training_at_once(
    app: Any, client: Any, world: Any, make_token: Any
) -> None:
    rita, alice = make_token(world.reviewer), make_token(world.annotator)
    assert client.get("/api/v1/projects/assist/assist/model", headers=alice).status_code == 403
    empty = client.get("/api/v1/projects/assist/assist/model", headers=rita).get_json()
    assert empty["model"] is None and empty["training"]["running"] is False
    with _maker(app)() as own:
        training_claim.claim(own, world.project.id, "elsewhere", utcnow())
        own.commit()
    busy = client.post("/api/v1/projects/assist/assist/train", headers=rita)
    assert busy.status_code == 409 and "running" in busy.get_json()["error"]["message"]
    state = client.get("/api/v1/projects/assist/assist/model", headers=rita).get_json()
    assert state["training"]["running"] is True
    with _maker(app)() as own:
        training_claim.release(own, world.project.id, "elsewhere", utcnow())
        own.commit()
    made = client.post("/api/v1/projects/assist/assist/train", headers=rita)
    assert made.status_code == 201 and made.get_json()["version"] == 1
    shown = client.get("/api/v1/projects/assist/assist/model", headers=rita).get_json()
    assert shown["model"]["scores"] == made.get_json()["scores"]
    assert shown["training"]["last_version"] == 1


# The uncertainty queue --------------------------------------------------------------------


QUEUE_TEXTS = [
    "Maria Lopez told reporters on Monday that the plan would fail.",
    "The weather was mild and the river was calm all week.",
    "According to the mayor, taxes will rise; critics denied it.",
    "Nobody knows.",
    "Anna Berg warned that the bridge is unsafe, officials said.",
]


@pytest.fixture
def queue_world(session: Any, world: Any, make_document: Any, assign: Any) -> Any:
    documents = [make_document(world.project, text, f"q-{n}") for n, text in enumerate(QUEUE_TEXTS)]
    for document in documents:
        assign(document, world.annotator)
    train_project(session, world.project, world.reviewer)
    predict_documents(session, world.project)
    session.commit()
    return documents


def test_the_queue_follows_the_stored_uncertainty_when_the_setting_is_on(
    session: Any, world: Any, queue_world: Any
) -> None:
    stored = dict(session.query(DocumentUncertainty.document_id, DocumentUncertainty.value))
    mine = [d.id for d in [world.unseen, *queue_world]]
    assert set(mine) <= set(stored) and len({stored[i] for i in mine}) > 1
    by_id = [item.document.id for item in document_queue(session, world.project, world.annotator)]
    assert by_id == sorted(mine)
    _set(session, world.project, queue_order="uncertainty")
    ordered = [item.document.id for item in document_queue(session, world.project, world.annotator)]
    # Only the annotator's own documents (K), most uncertain first; ties go in the seeded
    # order (test_unscored_documents_follow_the_scored_ones_in_a_fixed_order).
    assert sorted(ordered) == sorted(mine)
    assert [stored[i] for i in ordered] == sorted((stored[i] for i in mine), reverse=True)
    assert next_open_document(session, world.project, world.annotator) == ordered[0]
    session.query(Assignment).filter_by(document_id=ordered[0]).update({"status": "done"})
    session.commit()
    assert next_open_document(session, world.project, world.annotator) == ordered[1]


def test_unscored_documents_follow_the_scored_ones_in_a_fixed_order(
    session: Any, world: Any, queue_world: Any, make_document: Any, assign: Any
) -> None:
    extra = [make_document(world.project, f"Plain text number {n}.", f"x-{n}") for n in range(6)]
    for document in extra:
        assign(document, world.annotator)
    _set(session, world.project, queue_order="uncertainty")
    first = [item.document.id for item in document_queue(session, world.project, world.annotator)]
    scored = len(queue_world) + 1
    assert set(first[scored:]) == {d.id for d in extra}
    assert first[scored:] != sorted(first[scored:])  # seeded, not by id
    assert first == [i.document.id for i in document_queue(session, world.project, world.annotator)]


def test_reviewers_see_the_uncertainty_in_the_document_list_and_annotators_do_not(
    client: Any, session: Any, world: Any, queue_world: Any, make_token: Any
) -> None:
    stored = dict(session.query(DocumentUncertainty.document_id, DocumentUncertainty.value))
    rita, alice = make_token(world.reviewer), make_token(world.annotator)
    listed = client.get("/api/v1/projects/assist/documents", headers=rita).get_json()
    shown = {row["id"]: row["uncertainty"] for row in listed["documents"]}
    assert shown[queue_world[0].id] == stored[queue_world[0].id]
    assert shown[world.gold[0].id] is None  # learned from: no uncertainty
    own = client.get("/api/v1/projects/assist/documents?page=1", headers=alice).get_json()
    assert own["documents"] and all("uncertainty" not in row for row in own["documents"])


def test_a_training_in_a_child_process_gives_the_same_model_and_refusals(
    session: Any, world: Any
) -> None:
    from annotator.core.errors import Invalid
    from annotator.services.assist.isolated import train_in_child
    from annotator.services.assist.training import train_gold
    from annotator.services.assist.training_data import span_labels, span_roles

    documents, labels = gold_documents(session, world.project), span_labels(world.project)
    roles = span_roles(world.project)
    child = train_in_child(documents, labels, roles)
    here = train_gold(documents, labels, roles)
    assert child.documents == here.documents == 6
    assert child.model.trained_on == here.model.trained_on
    assert child.model.labels == here.model.labels and set(child.scores) == set(here.scores)
    # Not byte for byte: after other tests in the same process, the in-process training
    # once scored SOURCE exact 1.0 where fresh processes (any hash seed) agree on 0.98.
    assert child.scores["CUE"]["overlap"]["f1"] > 0.8
    with pytest.raises(Invalid, match="at least 3 documents"):
        train_in_child(documents[:2], labels, roles)
