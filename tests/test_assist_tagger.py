"""The learned tagger: training on a small gold set, held-out documents, bytes, folds."""

from __future__ import annotations

import dataclasses
import random

import numpy as np
import pytest

from annotator.core.assist.bio import bio_tags, decode  # noqa: E402
from annotator.core.assist.crossval import cross_validate, document_folds  # noqa: E402
from annotator.core.assist.evaluation import score_spans  # noqa: E402
from annotator.core.assist.gold import GoldDocument, LabeledSpan  # noqa: E402
from annotator.core.assist.roles import role_mapping  # noqa: E402
from annotator.core.assist.tagger import MIN_SCORE, TrainedOnDocument, predict  # noqa: E402
from annotator.core.assist.tagger_model import TaggerModel  # noqa: E402
from annotator.core.assist.tagger_training import TrainingOptions, train  # noqa: E402
from annotator.core.assist.uncertainty import (  # noqa: E402
    document_uncertainty,
    token_entropy,
    token_margin,
)
from annotator.core.tokens import tokenize  # noqa: E402

LABELS = ("SOURCE", "CUE", "CLAIM")
SOURCES = [
    "Maria Lopez", "The minister", "Officials", "A spokesman", "The governor", "Ivan Petrov",
    "The company", "Local police", "Anna Berg", "The mayor", "Critics", "The ambassador",
]  # fmt: skip
CLAIMS = [
    "the bridge is safe", "prices will fall next year", "the vote was rigged",
    "the army is ready", "nobody was hurt", "the deal is dead", "taxes must rise",
    "the border stays open", "the report is false", "the plant will close",
    "schools reopen in May", "the talks have failed",
]  # fmt: skip
FILLERS = ["It rained all day.", "The market opened at nine.", "Traffic was light."]


Part = str | tuple[str, str]


def sentence(source: str, cue: str, claim: str, pattern: int) -> list[Part]:
    """Return one attribution sentence as pieces of text, the spans as (label, piece)."""
    parts: list[Part]
    if pattern == 0:
        parts = [("SOURCE", source), " ", ("CUE", cue), " that ", ("CLAIM", claim), "."]
    elif pattern == 1:
        parts = ["“", ("CLAIM", claim[0].upper() + claim[1:]), ",” ", ("SOURCE", source), " "]
        parts += [("CUE", cue), "."]
    else:
        parts = [("CLAIM", claim[0].upper() + claim[1:]), ", ", ("CUE", "according to"), " "]
        parts += [("SOURCE", source[0].lower() + source[1:] if source[1].islower() else source)]
        parts += ["."]
    return parts


def document(
    doc_id: str, rng: random.Random, sources: list[str], claims: list[str]
) -> GoldDocument:
    """Return a document of three to five sentences with gold spans."""
    text, spans = "", []
    for _ in range(rng.randint(3, 5)):
        if rng.random() < 0.25:
            text += rng.choice(FILLERS) + " "
            continue
        cue = rng.choice(["said", "claimed", "warned", "insisted"])
        for part in sentence(rng.choice(sources), cue, rng.choice(claims), rng.randrange(3)):
            if isinstance(part, tuple):
                label, piece = part
                spans.append(LabeledSpan(label, len(text), len(text) + len(piece)))
                text += piece
            else:
                text += part
        text += " "
    return GoldDocument(doc_id, text.rstrip(), spans)


def corpus(n: int, seed: int, sources: list[str], claims: list[str]) -> list[GoldDocument]:
    rng = random.Random(seed)
    return [document(f"d{seed}-{k}", rng, sources, claims) for k in range(n)]


@pytest.fixture(scope="module")
def trained() -> tuple[TaggerModel, list[GoldDocument]]:
    training = corpus(40, seed=1, sources=SOURCES[:8], claims=CLAIMS[:8])
    return train(training, LABELS), training


def spans_of(documents: list[GoldDocument]) -> list[list[tuple[str, int, int]]]:
    return [[(s.label, s.start, s.end) for s in d.spans] for d in documents]


def test_bio_tags_and_decode_round_trip() -> None:
    text = "Officials said the bridge is safe."
    spans = [LabeledSpan("SOURCE", 0, 9), LabeledSpan("CLAIM", 15, 33)]
    tags = bio_tags(tokenize(text), spans, LABELS)
    assert tags == ["B-SOURCE", "O", "B-CLAIM", "I-CLAIM", "I-CLAIM", "I-CLAIM", "O"]
    assert decode(tags) == [("SOURCE", 0, 1), ("CLAIM", 2, 6)]
    assert decode(["I-CUE", "I-CUE", "B-CUE", "O"]) == [("CUE", 0, 2), ("CUE", 2, 3)]


def test_learns_the_pattern_on_unseen_sentences(trained) -> None:
    model, _ = trained
    unseen = corpus(12, seed=2, sources=SOURCES[8:], claims=CLAIMS[8:])
    predicted = [[(s.label, s.start, s.end) for s in predict(model, d.text).spans] for d in unseen]
    scores = score_spans(spans_of(unseen), predicted, LABELS)
    for label in LABELS:
        assert scores[label].overlap.f1 is not None and scores[label].overlap.f1 >= 0.9, label


def test_span_scores_are_mean_marginals(trained) -> None:
    model, _ = trained
    text = "“The dam will hold,” The ambassador said. It rained all day."
    prediction = predict(model, text)
    assert prediction.spans and all(0.0 < s.score <= 1.0 for s in prediction.spans)
    assert prediction.marginals.shape == (len(prediction.tokens), len(prediction.tags))
    assert np.allclose(prediction.marginals.sum(axis=1), 1.0)


def test_spans_scored_below_the_minimum_are_not_suggested(trained) -> None:
    model, _ = trained
    text = "“The dam will hold,” The ambassador said."
    assert all(s.score >= MIN_SCORE for s in predict(model, text).spans)
    assert predict(model, text).spans
    # So flat that every tag is about as likely as any other: no span reaches the minimum.
    flat = dataclasses.replace(model, temperature=1e9)
    prediction = predict(flat, text)
    assert prediction.spans == [] and len(prediction.tokens) == len(prediction.marginals)


def test_refuses_a_document_it_was_trained_on(trained) -> None:
    model, training = trained
    with pytest.raises(TrainedOnDocument):
        predict(model, "Any text at all.", document_id=training[0].id)
    with pytest.raises(TrainedOnDocument):
        predict(model, training[1].text)  # the same text under no id


def test_a_model_trained_without_a_document_may_suggest_for_it() -> None:
    documents = corpus(12, seed=3, sources=SOURCES, claims=CLAIMS)
    model = train(documents, LABELS, exclude={documents[0].id})
    assert documents[0].id not in model.trained_on
    predict(model, documents[0].text, document_id=documents[0].id)  # no error
    with pytest.raises(TrainedOnDocument):
        predict(model, documents[1].text, document_id=documents[1].id)


def test_serialised_model_predicts_the_same(trained) -> None:
    model, _ = trained
    copy = TaggerModel.from_bytes(model.to_bytes())
    assert copy.trained_on == model.trained_on and copy.labels == model.labels
    text = "Critics said that the plant will close. “Nobody was hurt,” the mayor said."
    first, second = predict(model, text), predict(copy, text)
    assert first.spans == second.spans
    assert np.array_equal(first.marginals, second.marginals)


def test_bytes_that_are_no_model_are_refused() -> None:
    with pytest.raises(ValueError):
        TaggerModel.from_bytes(b"not a model")


def test_folds_never_share_a_document() -> None:
    documents = corpus(10, seed=4, sources=SOURCES, claims=CLAIMS)
    copies = [
        GoldDocument(documents[0].id, documents[0].text, documents[0].spans),  # same id
        GoldDocument("renamed", documents[1].text, documents[1].spans),  # same text
    ]
    everything = documents + copies
    folds = document_folds(everything, k=3, seed=0)
    assert sorted(p for fold in folds for p in fold) == list(range(len(everything)))
    for fold in folds:
        others = {p for f in folds if f is not fold for p in f}
        ids = {everything[p].id for p in fold}
        texts = {everything[p].text for p in fold}
        assert not ids & {everything[p].id for p in others}
        assert not texts & {everything[p].text for p in others}


def test_cross_validation_scores_every_document_once() -> None:
    documents = corpus(15, seed=5, sources=SOURCES, claims=CLAIMS)
    result = cross_validate(documents, LABELS, k=3)
    assert sorted(i for fold in result.folds for i in fold) == sorted(d.id for d in documents)
    gold = sum(1 for d in documents for s in d.spans if s.label == "CLAIM")
    assert result.scores["CLAIM"].exact.gold == gold
    assert result.scores["CLAIM"].overlap.f1 is not None and result.scores["CLAIM"].overlap.f1 > 0.5


def test_folds_need_enough_documents() -> None:
    with pytest.raises(ValueError):
        document_folds(corpus(2, seed=6, sources=SOURCES, claims=CLAIMS), k=3)


def test_uncertainty_measures() -> None:
    certain = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    unsure = np.array([[1 / 3, 1 / 3, 1 / 3], [0.5, 0.5, 0.0]])
    assert np.allclose(token_entropy(certain), 0.0)
    assert np.allclose(token_entropy(unsure), [np.log2(3), 1.0])
    assert np.allclose(token_margin(unsure), [1.0, 1.0])
    assert np.allclose(token_margin(certain), 0.0)
    assert document_uncertainty(unsure) > document_uncertainty(certain) == 0.0
    assert document_uncertainty(np.zeros((0, 3))) == 0.0


def test_document_uncertainty_ranks_a_doubtful_document_first(trained) -> None:
    model, _ = trained
    familiar = "“The dam will hold,” The ambassador said."
    odd = "Bloop zarg wibble, quoth yonder frobnicator amid the twelfth moon."
    scores = [document_uncertainty(predict(model, t).marginals, top=5) for t in (familiar, odd)]
    assert scores[1] > scores[0]


def test_marginals_agree_with_crfsuite_where_it_does_not_overflow() -> None:
    """Our log-space forward-backward gives CRFsuite's marginals at temperature 1."""
    from annotator.core.assist.features import document_features
    from annotator.core.assist.inference import marginals

    documents = corpus(10, seed=7, sources=SOURCES, claims=CLAIMS)
    small = train(documents, LABELS, options=TrainingOptions(algorithm="lbfgs", epochs=20))
    text = "“The dam will hold,” the mayor said. Critics said that taxes must rise."
    _, features = document_features(text, [(0, 36), (37, len(text))])
    crfsuite = small._tagger
    crfsuite.set(features)
    expected = np.array(
        [[crfsuite.marginal(tag, i) for tag in small._weights.tags] for i in range(len(features))]
    )
    weights = small._weights
    ours = marginals(weights.state_scores(features), weights.transition, 1.0)
    assert np.allclose(ours, expected, atol=1e-6)


def test_temperature_is_fitted_and_kept() -> None:
    documents = corpus(10, seed=8, sources=SOURCES, claims=CLAIMS)
    model = train(documents, LABELS)  # the passive-aggressive learner
    perceptron = train(documents, LABELS, options=TrainingOptions(algorithm="ap"))
    # The perceptron's weights are sums of updates and want flattening; the
    # passive-aggressive learner's small steps want sharpening.
    assert perceptron.temperature > 1.0 > model.temperature
    assert TaggerModel.from_bytes(model.to_bytes()).temperature == model.temperature


def test_training_twice_in_one_process_makes_the_same_model() -> None:
    # CRFsuite's online learners shuffle with the C library's rand(): unseeded, a second
    # training in a process (a worker's, the suite's) made another model from the same gold.
    documents = corpus(10, seed=8, sources=SOURCES, claims=CLAIMS)
    for algorithm in ("pa", "ap"):
        first = train(documents, LABELS, options=TrainingOptions(algorithm=algorithm))
        second = train(documents, LABELS, options=TrainingOptions(algorithm=algorithm))
        assert first.to_bytes() == second.to_bytes()


def test_the_shuffle_seed_chooses_the_model() -> None:
    # Another seed visits the gold in another order: another model, the same each time.
    documents = corpus(10, seed=8, sources=SOURCES, claims=CLAIMS)
    seeded = TrainingOptions(shuffle_seed=5)
    first, again = (
        train(documents, LABELS, options=seeded),
        train(documents, LABELS, options=seeded),
    )
    assert first.crf == again.crf
    assert first.crf != train(documents, LABELS).crf


# Held-out text where the tagger tags a second source beside a cue ("The" before "ambassador"),
# which only the source role's attachment drops, besides ordinary unseen documents.
NAMED_UNSEEN = [
    "“The talks have failed,” The ambassador said, Critics warned.",
    "Critics said that the plant will close. “Nobody was hurt,” the mayor said.",
    *(d.text for d in corpus(12, seed=2, sources=SOURCES[8:], claims=CLAIMS[8:])),
]


def renamed_gold(documents: list[GoldDocument], names: dict[str, str]) -> list[GoldDocument]:
    return [
        dataclasses.replace(
            d, spans=[s._replace(label=names.get(s.label, s.label)) for s in d.spans]
        )
        for d in documents
    ]


@pytest.mark.parametrize(
    "names",
    [{"SOURCE": "SPEAKER"}, {"CUE": "ZCUE", "SOURCE": "ASOURCE"}, {"CLAIM": "ZZ", "CUE": "AA"}],
)
def test_predictions_do_not_depend_on_what_the_labels_are_called(trained, names) -> None:
    """A label renamed (its role with it) and trained on the same gold predicts the same."""
    model, training = trained
    labels = [names.get(label, label) for label in LABELS]
    roles = role_mapping({names.get(role, role): role for role in LABELS})
    other = train(renamed_gold(training, names), labels, roles=roles)
    assert other.labels == tuple(labels)
    for text in NAMED_UNSEEN:
        first, second = predict(model, text), predict(other, text)
        assert [(s.label, s.start, s.end) for s in second.spans] == [
            (names.get(s.label, s.label), s.start, s.end) for s in first.spans
        ], text
        assert [s.score for s in second.spans] == pytest.approx(
            [s.score for s in first.spans], abs=1e-9
        )
        renamed_tags = [t[:2] + names.get(t[2:], t[2:]) if t != "O" else t for t in first.tags]
        assert sorted(second.tags) == sorted(renamed_tags)
        columns = [second.tags.index(tag) for tag in renamed_tags]
        assert np.array_equal(second.marginals[:, columns], first.marginals)
    # Stored and read back, it still knows which label is the source.
    again = TaggerModel.from_bytes(other.to_bytes())
    assert predict(again, NAMED_UNSEEN[0]).spans == predict(other, NAMED_UNSEEN[0]).spans


def test_held_out_scores_do_not_depend_on_what_the_labels_are_called() -> None:
    documents = corpus(15, seed=5, sources=SOURCES, claims=CLAIMS)
    names = {"CUE": "ZCUE", "SOURCE": "ASOURCE"}
    roles = role_mapping({names.get(role, role): role for role in LABELS})
    first = cross_validate(documents, LABELS, k=3)
    second = cross_validate(
        renamed_gold(documents, names), [names.get(x, x) for x in LABELS], k=3, roles=roles
    )
    assert {names.get(label, label): (s.exact, s.overlap) for label, s in first.scores.items()} == {
        label: (s.exact, s.overlap) for label, s in second.scores.items()
    }


def test_a_model_stored_before_models_kept_their_roles_still_predicts(trained) -> None:
    from annotator.core.assist.model_bytes import frame, unframe

    model, _ = trained
    header, crf = unframe(model.to_bytes())
    assert header["roles"] == {"SOURCE": "SOURCE", "CUE": "CUE", "CLAIM": "CLAIM"}
    # Such a header had no roles, and its learned words in the labels' order.
    del header["roles"]
    header["learned"] = {label: header["learned"][label] for label in LABELS}
    old = TaggerModel.from_bytes(frame(header, crf))
    # Its labels named like a role played it, and its features came in the names' order.
    assert old.roles == {"SOURCE": "SOURCE", "CUE": "CUE", "CLAIM": "CLAIM"}
    assert list(old.learned) == sorted(LABELS)
    for text in NAMED_UNSEEN[:2]:
        first, second = predict(model, text), predict(old, text)
        assert first.spans == second.spans
        assert np.array_equal(first.marginals, second.marginals)
