"""Suggested label values: naive Bayes over words and word pairs."""

from __future__ import annotations

import pytest

from annotator.core.assist.classifier import LabelModel, predict_labels, train_labels

FAVOR = [
    "The new treaty is a great success for peace.",
    "Voters welcome the treaty and praise its authors.",
    "This agreement brings real benefits to farmers.",
    "Experts praise the deal as a success.",
    "The reform is popular and brings benefits.",
]
AGAINST = [
    "The treaty is a disaster for workers.",
    "Critics condemn the deal as a betrayal.",
    "This agreement is a failure and a disgrace.",
    "Farmers reject the reform as a disaster.",
    "The deal is a betrayal of voters.",
]


@pytest.fixture(scope="module")
def model() -> LabelModel:
    return train_labels(FAVOR + AGAINST, ["FAVOR"] * 5 + ["AGAINST"] * 5)


def test_predicts_the_likelier_value_with_probabilities(model: LabelModel) -> None:
    unseen = ["Observers praise the benefits of the treaty.", "A disgrace and a betrayal."]
    favor, against = predict_labels(model, unseen)
    assert max(favor, key=favor.__getitem__) == "FAVOR"
    assert max(against, key=against.__getitem__) == "AGAINST"
    for probabilities in (favor, against):
        assert set(probabilities) == {"FAVOR", "AGAINST"}
        assert sum(probabilities.values()) == pytest.approx(1.0)


def test_unknown_words_fall_back_to_the_prior() -> None:
    skewed = train_labels(["a b", "a c", "d e"], ["X", "X", "Y"])
    (probabilities,) = predict_labels(skewed, ["zzz"])
    assert probabilities["X"] == pytest.approx(2 / 3)


def test_bytes_round_trip(model: LabelModel) -> None:
    copy = LabelModel.from_bytes(model.to_bytes())
    texts = ["The treaty is a success.", "A failure."]
    assert predict_labels(copy, texts) == predict_labels(model, texts)


def test_refuses_mismatched_examples() -> None:
    with pytest.raises(ValueError):
        train_labels(["one text"], [])
