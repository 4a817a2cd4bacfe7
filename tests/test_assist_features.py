"""Token features that read the attribution structure: cues in the sentence, quotation marks."""

from __future__ import annotations

from annotator.core.assist.features import document_features

TEXT = "The weather was fine. Officials said the bridge is safe. “It is,” he added."
SENTENCES = [(0, 21), (22, 56), (57, len(TEXT))]


def features_of(word: str, prefix: str, **learned: frozenset[str]) -> list[str]:
    """Return the features of ``word``'s first token that start with ``prefix``."""
    tokens, features = document_features(TEXT, SENTENCES, learned=learned or None)
    at = next(k for k, t in enumerate(tokens) if t.text == word)
    return [f for f in features[at] if f.startswith(prefix)]


def test_every_token_knows_the_cues_of_its_sentence_and_the_one_before() -> None:
    # The first sentence has no cue: no rule cue, no reporting verb, no learned word.
    assert features_of("weather", "sc=") == ["sc=00"]
    assert features_of("weather", "psc=") == ["psc=none"]  # the text's first sentence
    # "Officials said ...": the rules find a cue, "said" is a reporting verb.
    assert features_of("bridge", "sc=") == ["sc=11"]
    assert features_of("bridge", "psc=") == ["psc=00"]
    # The quotation's sentence sees the attribution before it.
    assert features_of("It", "psc=") == ["psc=11"]


def test_the_sentence_mark_names_the_labels_whose_learned_words_it_holds() -> None:
    learned = {"CUE": frozenset({"said"}), "SOURCE": frozenset({"officials"})}
    assert features_of("bridge", "sc=", **learned) == ["sc=11CUE+SOURCE"]
    assert features_of("It", "psc=", **learned) == ["psc=11CUE+SOURCE"]
    assert features_of("weather", "sc=", **learned) == ["sc=00"]


def test_each_token_knows_how_far_the_nearest_quotation_mark_is_on_either_side() -> None:
    # “ It is , ” he added . : the marks are tokens 0 and 4 of the sentence.
    assert features_of("It", "q") == ["q=in", "qL=1", "qR=3"]
    assert features_of("added", "q") == ["q=out", "qL=2"]  # ” he added
    assert features_of("“", "q") == ["q=out", "qR=4-6"]  # a mark counts the other one only
    # A sentence without marks has none; marks in other sentences do not count.
    assert features_of("bridge", "q") == ["q=out"]


def test_far_quotation_marks_fall_into_coarse_buckets() -> None:
    text = "“" + " ".join(["word"] * 15) + "” he said."
    tokens, features = document_features(text, [(0, len(text))])
    last_word = [f for f in features[15] if f.startswith(("qL", "qR"))]
    assert last_word == ["qL=far", "qR=1"]
    middle = [f for f in features[6] if f.startswith(("qL", "qR"))]
    assert middle == ["qL=4-6", "qR=7-12"]


def test_the_distance_to_a_learned_word_is_joined_with_the_quote_flag_and_the_cluster() -> None:
    learned = {"CUE": frozenset({"added"})}
    tokens, features = document_features(
        TEXT, SENTENCES, learned=learned, clusters={"he": 7, "added": 3}
    )
    he = features[[t.text for t in tokens].index("he")]
    assert "nearCUE=R1" in he
    assert "nearCUE=R1|q=out" in he and "nearCUE=R1|cl=7" in he
    assert "cl=7" in he and "+1cl=3" in he and "-1cl=none" in he
