"""What the tagger learns from its gold beyond the CRF: label words, word clusters, links."""

from __future__ import annotations

from annotator.core.assist.clusters import word_clusters
from annotator.core.assist.features import document_features
from annotator.core.assist.gold import GoldDocument, LabeledSpan
from annotator.core.assist.learned import learn_words, nearest_features
from annotator.core.assist.linking import link_spans
from annotator.core.assist.roles import role_mapping
from annotator.core.assist.suggestions import SuggestedRelation, SuggestedSpan
from annotator.core.assist.tagger import predict
from annotator.core.assist.tagger_model import TaggerModel
from annotator.core.assist.tagger_training import train
from annotator.core.tokens import tokenize
from tests.assist_world import attribution_text


def test_a_word_is_a_labels_when_its_spans_hold_it_often_enough() -> None:
    text = "Ann insisted the plan failed. Bob insisted it worked. Cy insisted so. Insisted?"
    spans = [
        LabeledSpan("CUE", m, m + len("insisted"))
        for m in (text.index("insisted"), text.index("insisted", 10), text.index("insisted", 40))
    ]
    spans.append(LabeledSpan("SOURCE", 0, 3))
    learned = learn_words([(tokenize(text), spans)], ["CUE", "SOURCE", "CLAIM"])
    # Three of its four uses are cues (the share is 0.75, the count 3): learned.
    assert learned["CUE"] == frozenset({"insisted"})
    # "Ann" is a source once only: too rare to learn.
    assert learned["SOURCE"] == frozenset() and learned["CLAIM"] == frozenset()
    rare = learn_words([(tokenize(text), spans)], ["CUE"], min_count=4)
    assert rare["CUE"] == frozenset()


def test_a_label_covering_much_of_the_text_needs_a_higher_share() -> None:
    # Claims cover most tokens: "the" inside claims three times in four is no claim word.
    text = "the dog ran the cat sat the cow ate. the end"
    spans = [LabeledSpan("CLAIM", 0, 35)]
    learned = learn_words([(tokenize(text), spans)], ["CLAIM"])
    assert "the" not in learned["CLAIM"]


def test_each_token_knows_its_distance_to_the_nearest_learned_word_in_its_sentence() -> None:
    text = "Ann firmly insisted it rained. Nothing here."
    tokens = tokenize(text)
    starts = [t.start for t in tokens]
    sentences = [(0, 30), (31, len(text))]
    near = nearest_features(tokens, sentences, starts, {"CUE": frozenset({"insisted"})})
    by_word = {t.text: f for t, f in zip(tokens, near, strict=True)}
    assert by_word["insisted"] == ["lex=CUE", "nearCUE=00"]
    assert by_word["Ann"] == ["nearCUE=R2"]  # two tokens to the right
    assert by_word["it"] == ["nearCUE=L1"]
    assert by_word["Nothing"] == []  # another sentence


def test_clusters_group_words_used_alike() -> None:
    # "said" and "warned" share their neighbours; "red" and "blue" share theirs.
    documents = []
    for name in ("ann", "bob", "cy", "dee"):
        for verb in ("said", "warned"):
            documents.append([name, verb, "that", "it", "rained", "."])
        for colour in ("red", "blue"):
            documents.append(["a", colour, "car", "stopped", "."])
    clusters = word_clusters(documents, k=4, min_count=2)
    assert clusters["said"] == clusters["warned"]
    assert clusters["red"] == clusters["blue"]
    assert clusters["said"] != clusters["red"]
    assert word_clusters(documents, k=4, min_count=2) == clusters  # seeded: repeatable


def test_a_trained_model_keeps_its_learned_words_and_clusters_through_bytes() -> None:
    documents = []
    for n in range(4):
        text, spans = attribution_text(
            [("Anna Berg", "insisted", "the bridge is unsafe"), ("John Smith", "said", "it rained")]
        )
        documents.append(GoldDocument(f"d{n}", text + " " * n, [LabeledSpan(*s) for s in spans]))
    model = train(documents, ["SOURCE", "CUE", "CLAIM"])
    assert "insisted" in model.learned["CUE"]
    assert model.clusters  # every word of the training text seen often enough has one
    again = TaggerModel.from_bytes(model.to_bytes())
    assert again.learned == model.learned and again.clusters == model.clusters
    text = "Maria Lopez insisted the port will close."
    assert predict(again, text).spans == predict(model, text).spans
    _, features = document_features(
        text, [(0, len(text))], learned=again.learned, clusters=again.clusters
    )
    assert "lex=CUE" in features[2] and any(f.startswith("cl=") for f in features[2])


def test_each_claim_is_linked_to_its_governing_cue_and_that_cues_source() -> None:
    text = 'Peter Brown said the port will close. "It is over," she added. Rain fell.'
    spans = [
        SuggestedSpan("SOURCE", 0, 11, 1.0),
        SuggestedSpan("CUE", 12, 16, 1.0),
        SuggestedSpan("CLAIM", 17, 36, 1.0),
        SuggestedSpan("CLAIM", 39, 49, 1.0),
        SuggestedSpan("SOURCE", 52, 55, 1.0),
        SuggestedSpan("CUE", 56, 61, 1.0),
        # After '"It is over," she added.': the rest of her claim, which the relations of
        # its first piece stand for (as an imported discontinuous claim's first fragment's).
        SuggestedSpan("CLAIM", 63, 73, 1.0),
    ]
    sentences = [(0, 37), (38, 62), (63, len(text))]
    relations = link_spans(text, spans, sentences)
    assert relations == [
        SuggestedRelation("CUED_BY", 2, 1),
        SuggestedRelation("ATTRIBUTED_TO", 2, 0),
        SuggestedRelation("CUED_BY", 3, 5),
        SuggestedRelation("ATTRIBUTED_TO", 3, 4),
    ]


def test_links_use_the_projects_names_and_skip_roles_it_lacks() -> None:
    spans = [
        SuggestedSpan("Who", 0, 3, 1.0),
        SuggestedSpan("Verb", 4, 8, 1.0),
        SuggestedSpan("What", 9, 15, 1.0),
    ]
    roles = role_mapping({"Who": "SOURCE", "Verb": "CUE", "What": "CLAIM", "By": "CUED_BY"})
    text = "Ann said it is so."
    assert link_spans(text, spans, [(0, 16)], roles) == [SuggestedRelation("By", 2, 1)]
    assert link_spans(text, spans, [(0, 16)], role_mapping({"Who": "SOURCE"})) == []
