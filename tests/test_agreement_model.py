"""The model as an annotator: the suggestions layer scored against gold in the report and review."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from annotator.services.agreement.model import model_against_gold, model_name
from annotator.services.agreement.report import agreement_report
from annotator.services.annotation.layers import ensure_layer
from annotator.services.annotation.relations import add_relation
from annotator.services.annotation.spans import add_span
from annotator.services.assist.predicting import predict_documents
from annotator.services.assist.training import train_project
from tests.assist_world import build_assist_world, mark_gold
from tests.helpers import login

# The rules suggest SOURCE "Peter Brown", CUE "said" and CLAIM "the port will close in June"
# with their two relations; gold differs on purpose: its claim keeps the full stop (overlap
# only), and it has a second source the rules do not find.
PROBE = "Peter Brown said the port will close in June. The harbour was empty."


@pytest.fixture
def world(session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any) -> Any:
    world = build_assist_world(session, make_user, make_project, make_document, assign)
    probe = make_document(world.project, PROBE, "probe")
    layer = ensure_layer(session, probe, None)

    def span(label: str, text: str) -> Any:
        start = PROBE.index(text)
        claimer = {"claimer": "REPORTED"} if label == "CLAIM" else None
        return add_span(session, layer, label, start, start + len(text), claimer)

    source, cue = span("SOURCE", "Peter Brown"), span("CUE", "said")
    claim = span("CLAIM", "the port will close in June.")
    span("SOURCE", "The harbour")
    add_relation(session, layer, "ATTRIBUTED_TO", claim.id, source.id)
    add_relation(session, layer, "CUED_BY", claim.id, cue.id)
    session.commit()
    mark_gold(session, [probe], "final")  # the gold scored against by default
    world.probe = probe
    return world


def test_the_rules_are_scored_against_gold_like_an_annotator(session: Any, world: Any) -> None:
    predict_documents(session, world.project, ["probe"])
    session.commit()
    found = model_against_gold(session, world.project)
    assert found is not None
    assert found["name"] == "rules" and found["models"] == ["rules"]
    assert found["documents"] == 1  # the other gold documents have no suggestions
    cue, source, claim = (found["spans"][label] for label in ("CUE", "SOURCE", "CLAIM"))
    assert (cue["gold"], cue["suggested"], cue["f1"], cue["f1_overlap"]) == (1, 1, 1.0, 1.0)
    assert (source["precision"], source["recall"]) == (1.0, 0.5)
    assert source["f1"] == pytest.approx(2 / 3)
    assert (claim["f1"], claim["f1_overlap"]) == (0.0, 1.0)
    assert found["spans"]["_all"]["f1"] == pytest.approx(2 * 2 / (4 + 3))
    attributed = found["relations"]["ATTRIBUTED_TO"]
    # The claim's ends differ: the relation matches by overlap only.
    assert (attributed["gold"], attributed["suggested"]) == (1, 1)
    assert (attributed["f1"], attributed["f1_overlap"]) == (0.0, 1.0)


def test_a_learned_model_is_named_by_version_and_never_scored_on_its_training_gold(
    session: Any, world: Any
) -> None:
    predict_documents(session, world.project, ["probe"])  # the rules, before any model
    model = train_project(session, world.project, world.reviewer)
    session.commit()
    report = predict_documents(session, world.project)
    session.commit()
    assert "gold-0" in report["skipped"] and "probe" in report["skipped"]  # probe is gold too
    # The tagger's spans come with relations: a claim to its cue and to that cue's source.
    assert report["documents"] == ["unseen"] and report["relations"] == 2
    # Trained on every gold document (the rules' suggestions on probe are gone with their
    # layer): nothing to score it on yet.
    assert model_against_gold(session, world.project) is None
    # A gold document made after the training is one the model never saw.
    later = ensure_layer(session, world.unseen, None)
    text = world.unseen.text
    for label, part in (("SOURCE", "Peter Brown"), ("CUE", "said")):
        add_span(session, later, label, text.index(part), text.index(part) + len(part))
    session.commit()
    mark_gold(session, [world.unseen], "final")
    found = agreement_report(session, world.project)["model"]
    assert found["name"] == f"model v{model.version}" and found["models"] == [str(model.version)]
    assert found["documents"] == 1
    assert found["spans"]["CUE"]["f1"] == 1.0
    assert found["spans"]["SOURCE"]["recall"] == 1.0


def test_a_document_where_the_model_found_nothing_counts_against_it(
    session: Any, world: Any, make_document: Any
) -> None:
    quiet = make_document(world.project, "The harbour was empty.", "quiet")
    add_span(session, ensure_layer(session, quiet, None), "SOURCE", 0, 11)
    session.commit()
    mark_gold(session, [quiet], "final")
    assert predict_documents(session, world.project, ["quiet"])["spans"] == 0
    session.commit()
    found = model_against_gold(session, world.project, documents=["quiet"])
    assert found["documents"] == 1
    assert (found["spans"]["SOURCE"]["gold"], found["spans"]["SOURCE"]["recall"]) == (1, 0.0)


def test_documents_filter_and_no_suggestions(session: Any, world: Any) -> None:
    assert model_against_gold(session, world.project) is None
    predict_documents(session, world.project, ["probe"])
    session.commit()
    assert model_against_gold(session, world.project, documents=["gold-0"]) is None
    assert model_against_gold(session, world.project, documents=["probe"])["documents"] == 1
    with pytest.raises(Exception, match="no document 'nope'"):
        model_against_gold(session, world.project, documents=["nope"])


def test_model_names() -> None:
    assert model_name(["3"]) == "model v3"
    assert model_name(["2", "3", "rules"]) == "model v2, v3 and rules"
    assert model_name([]) == "model"


def test_the_report_page_api_cli_and_review_page_show_the_model(
    session: Any, world: Any, client: Any, runner: Any, make_token: Any
) -> None:
    predict_documents(session, world.project, ["probe"])
    session.commit()
    headers = make_token(world.reviewer)
    answer = client.get("/api/v1/projects/assist/agreement", headers=headers)
    assert answer.status_code == 200
    assert answer.get_json()["model"]["spans"]["CUE"]["f1_overlap"] == 1.0
    rows = list(
        csv.reader(
            io.StringIO(
                client.get("/api/v1/projects/assist/agreement?format=csv", headers=headers).text
            )
        )
    )
    assert ["model:spans", "SOURCE", "rules", "recall", "0.5"] in rows
    printed = runner.invoke(args=["agreement", "assist", "--json"])
    assert json.loads(printed.output)["model"]["name"] == "rules"
    table = runner.invoke(args=["agreement", "assist"]).output
    assert "model:spans" in table and "rules" in table
    login(client, "rita")
    page = client.get("/projects/assist/agreement").get_data(as_text=True)
    assert "The model against gold" in page and '<strong class="model-name">rules</strong>' in page
    review = client.get(f"/projects/assist/review/{world.probe.id}").get_data(as_text=True)
    assert "The model against gold" in review and "0.500" in review
    for shown in (page, review):  # the model's scores over every label named in words
        section = shown.split('class="model-against-gold"')[1].split("</section>")[0]
        assert '<th scope="row" role="rowheader">All labels</th>' in section
        assert "_all" not in section
    other = client.get(f"/projects/assist/review/{world.gold[0].id}").get_data(as_text=True)
    assert "No suggestions on documents with gold spans yet." in other


def test_annotators_see_no_model_scores(
    session: Any, world: Any, client: Any, make_token: Any
) -> None:
    predict_documents(session, world.project, ["probe"])
    session.commit()
    answer = client.get("/api/v1/projects/assist/agreement", headers=make_token(world.annotator))
    assert answer.status_code == 403
