"""Attribution pre-annotation by rules: the lexicon, quotations, sources, claims and roles."""

from __future__ import annotations

import re

import pytest

from annotator.core.assist.attribution import pre_annotate
from annotator.core.assist.lexicon import inflections, is_reporting_verb
from annotator.core.assist.quotes import find_quotations
from annotator.core.assist.roles import DEFAULT_ROLES, role_mapping
from annotator.core.assist.suggestions import Suggestions
from annotator.core.tokens import tokenize


def found(text: str, suggestions: Suggestions) -> dict[str, list[str]]:
    """Return the text of each suggested span, by label."""
    by_label: dict[str, list[str]] = {}
    for span in suggestions.spans:
        by_label.setdefault(span.label, []).append(text[span.start : span.end])
    return by_label


def triple(text: str) -> tuple[list[str], list[str], list[str]]:
    spans = found(text, pre_annotate(text))
    return spans.get("SOURCE", []), spans.get("CUE", []), spans.get("CLAIM", [])


@pytest.mark.parametrize(
    ("verb", "forms"),
    [
        ("warn", ("warn", "warns", "warned", "warning")),
        ("deny", ("deny", "denies", "denied", "denying")),
        ("stress", ("stress", "stresses", "stressed", "stressing")),
        ("argue", ("argue", "argues", "argued", "arguing")),
        ("admit", ("admit", "admits", "admitted", "admitting")),
        ("say", ("say", "says", "said", "saying")),
        ("tell", ("tell", "tells", "told", "telling")),
    ],
)
def test_inflections_of_reporting_verbs(verb: str, forms: tuple[str, ...]) -> None:
    assert set(inflections(verb)) == set(forms)
    assert all(is_reporting_verb(form.upper()) for form in forms)


def test_lexicon_leaves_ordinary_words_out() -> None:
    assert not any(is_reporting_verb(w) for w in ("table", "economy", "ran", "and"))


def test_tokens_carry_code_point_offsets() -> None:
    text = "😀 “Don’t,” he said."
    assert [(t.text, text[t.start : t.end]) for t in tokenize(text)][:3] == [
        ("😀", "😀"),
        ("“", "“"),
        ("Don’t", "Don’t"),
    ]


@pytest.mark.parametrize(
    ("text", "inner"),
    [
        ('He said "we will win" today.', ["we will win"]),
        ("He said “we will win” today.", ["we will win"]),
        ("Er sagte „wir schaffen das“ heute.", ["wir schaffen das"]),
        ("Il a dit « nous gagnerons » hier.", ["nous gagnerons"]),
        ("They don’t ‘really’ care about the ’90s.", ["really"]),
        ("“One paragraph.\n“Next one,” she said.", ["One paragraph.", "Next one,"]),
    ],
)
def test_quotations_straight_and_typographic(text: str, inner: list[str]) -> None:
    assert [text[q.inner_start : q.inner_end] for q in find_quotations(text)] == inner


def test_quote_then_speaker() -> None:
    assert triple("“We will win the vote,” Trump said.") == (
        ["Trump"],
        ["said"],
        ["We will win the vote"],
    )


def test_said_x_inversion() -> None:
    assert triple("“We will win the vote,” said the campaign manager.") == (
        ["the campaign manager"],
        ["said"],
        ["We will win the vote"],
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "“He represents our greatest shame.”\n\n― Sonya Herridge\n\n“Next.”",
            (["Sonya Herridge"], ["―"], ["He represents our greatest shame."]),
        ),
        (
            '"It goes to the top 1 percent."  - Bernie Sanders.  He spoke.',
            (["Bernie Sanders"], ["-"], ["It goes to the top 1 percent."]),
        ),
        ("“We will win.” — Clinton", (["Clinton"], ["—"], ["We will win."])),
    ],
)
def test_a_dash_after_a_quotation_names_its_speaker(
    text: str, expected: tuple[list[str], list[str], list[str]]
) -> None:
    assert triple(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "They change colors.”  – An immigrant himself –.  Ramos spoke.",  # a heading
        "“We will win.” – Ready to quiz Trump.",  # no name: a heading
        "Prices rose - Bernie Sanders noticed.",  # no quotation before the dash
    ],
)
def test_a_dash_without_a_quotation_and_a_closing_name_is_no_cue(text: str) -> None:
    assert triple(text)[1] == []


def test_emoji_before_the_quote_keeps_code_point_offsets() -> None:
    text = "🇺🇦😀 “Nobody is above the law,” she said."
    suggestions = pre_annotate(text)
    claim = next(s for s in suggestions.spans if s.label == "CLAIM")
    assert text[claim.start : claim.end] == "Nobody is above the law"
    assert claim.start == text.index("Nobody")  # code points, not UTF-16 or bytes


def test_speaker_then_colon_and_quote() -> None:
    assert triple("The senator warned: „The bridge will not hold“.") == (
        ["The senator"],
        ["warned"],
        ["The bridge will not hold"],
    )


def test_that_clause_and_pronoun_source() -> None:
    assert triple("He said that the economy is booming.") == (
        ["He"],
        ["said"],
        ["the economy is booming"],
    )


def test_clause_before_the_speaker() -> None:
    assert triple("The talks have failed, officials said.") == (
        ["officials"],
        ["said"],
        ["The talks have failed"],
    )


def test_according_to_before_and_after() -> None:
    assert triple("According to Russian state media, the convoy was attacked.") == (
        ["Russian state media"],
        ["According to"],
        ["the convoy was attacked"],
    )
    assert triple("The convoy was attacked, according to a spokesman.") == (
        ["a spokesman"],
        ["according to"],
        ["The convoy was attacked"],
    )


def test_appositive_source() -> None:
    assert triple("John Smith, the defence minister, said the army was ready.") == (
        ["John Smith, the defence minister"],
        ["said"],
        ["the army was ready"],
    )


def test_told_skips_the_listener_and_auxiliaries_are_skipped() -> None:
    assert triple("A spokesman told reporters that the plan was dead.")[2] == ["the plan was dead"]
    assert triple("Clinton has repeatedly denied that she sent classified emails.") == (
        ["Clinton"],
        ["denied"],
        ["she sent classified emails"],
    )


def test_nouns_are_not_cues() -> None:
    assert triple("The report was long and his claims were vague.") == ([], [], [])


def test_cues_inside_a_quotation_belong_to_the_speaker() -> None:
    sources, cues, _ = triple("“They told us nothing,” the mayor said.")
    assert cues == ["said"] and sources == ["the mayor"]


def test_relations_link_claim_to_source_and_cue() -> None:
    text = "“Prices will fall,” the minister said."
    suggestions = pre_annotate(text)
    labels = [s.label for s in suggestions.spans]
    links = {(r.type, labels[r.from_index], labels[r.to_index]) for r in suggestions.relations}
    assert links == {("ATTRIBUTED_TO", "CLAIM", "SOURCE"), ("CUED_BY", "CLAIM", "CUE")}
    assert all(0 < s.score <= 1 for s in suggestions.spans)


def test_sentences_given_by_the_caller_are_used() -> None:
    text = "He said the war is over. Prices rose."
    whole = pre_annotate(text, [(0, len(text))])
    split = pre_annotate(text, [(0, 24), (25, len(text))])
    claim = [text[s.start : s.end] for s in split.spans if s.label == "CLAIM"]
    assert claim == ["the war is over"]
    assert len(whole.spans) == len(split.spans)


def test_role_mapping_renames_and_drops() -> None:
    text = "“Prices will fall,” the minister said."
    roles = role_mapping({"Speaker": "SOURCE", "Quote": "CLAIM", "SAID_BY": "ATTRIBUTED_TO"})
    suggestions = pre_annotate(text, roles=roles)
    assert sorted(s.label for s in suggestions.spans) == ["Quote", "Speaker"]
    assert [r.type for r in suggestions.relations] == ["SAID_BY"]
    assert DEFAULT_ROLES.name("CUED_BY") == "CUED_BY"


@pytest.mark.parametrize(
    "mapping",
    [{"Speaker": "SPEAKER"}, {"A": "SOURCE", "B": "SOURCE"}],
)
def test_role_mapping_refuses_unknown_or_doubled_roles(mapping: dict[str, str]) -> None:
    with pytest.raises(ValueError):
        role_mapping(mapping)


@pytest.mark.parametrize(
    "text",
    ["In the poll, 42 said “the economy is bad.”", "Of the voters, 1 said the economy was bad."],
)
def test_a_bare_number_is_no_source(text: str) -> None:
    """A count or a list's number before a cue names nobody: no SOURCE is suggested, nor a
    relation to one; the cue and its claim still are."""
    suggested = pre_annotate(text)
    sources, cues, claims = triple(text)
    assert (sources, cues) == ([], ["said"])
    assert claims and all(r.type != "ATTRIBUTED_TO" for r in suggested.relations)


def test_a_name_with_a_number_is_still_a_source() -> None:
    assert triple("G7 leaders said the deal was off.")[0] == ["G7 leaders"]


def cued(text: str) -> dict[str, tuple[str, str]]:
    """Each suggested claim's words -> (its cue's words, its source's words)."""
    suggestions = pre_annotate(text)
    words = [text[s.start : s.end] for s in suggestions.spans]
    ends: dict[str, dict[str, str]] = {}
    for r in suggestions.relations:
        ends.setdefault(words[r.from_index], {})[r.type] = words[r.to_index]
    return {
        claim: (to.get("CUED_BY", ""), to.get("ATTRIBUTED_TO", "")) for claim, to in ends.items()
    }


def test_a_reported_clause_ends_where_the_next_attribution_begins() -> None:
    # One sentence of forty "X said that Y" clauses: forty claims, one per clause, none over
    # another's words (each ran to the sentence's end, so that accepting the sentence put
    # every later claim's links on the first claim).
    names = ["Maria Lopez", "John Smith", "The minister", "Officials", "Anna Berg"]
    clauses = [f"{names[k % 5]} said that the port will close by {2000 + k}" for k in range(40)]
    text = "; ".join(clauses) + "."
    claims = cued(text)
    assert list(claims) == [f"the port will close by {2000 + k}" for k in range(40)]
    said = [m.start() for m in re.finditer("said", text)]
    spans = pre_annotate(text).spans
    claim_spans = sorted((s.start, s.end) for s in spans if s.label == "CLAIM")
    assert all(a[1] < b[0] for a, b in zip(claim_spans, claim_spans[1:], strict=False))
    assert sorted(s.start for s in spans if s.label == "CUE") == said


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Al said the dam will hold, and Bo warned that the river is rising.",
            {
                "the dam will hold": ("said", "Al"),
                "the river is rising": ("warned", "Bo"),
            },
        ),
        (
            "Al said the dam will hold but Bo warned that the river is rising.",
            {
                "the dam will hold": ("said", "Al"),
                "the river is rising": ("warned", "Bo"),
            },
        ),
        (
            "The talks have failed, officials said; the banks will close, the mayor warned.",
            {
                "The talks have failed": ("said", "officials"),
                "the banks will close": ("warned", "the mayor"),
            },
        ),
    ],
)
def test_coordinated_attributions_each_report_their_own_clause(
    text: str, expected: dict[str, tuple[str, str]]
) -> None:
    assert cued(text) == expected


def test_an_attribution_inside_a_reported_clause_stays_in_it() -> None:
    # The report's warning is what the senator said: his claim holds it, as an annotator's.
    claims = cued("The senator said the report warned that the river is rising.")
    assert claims["the report warned that the river is rising"] == ("said", "The senator")
    assert claims["the river is rising"] == ("warned", "the report")


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        (
            "Without denying that the bridge is unsafe, the city kept it open.",
            "the bridge is unsafe",
        ),
        (
            "By admitting that the old plan was a mistake, the council lost the vote.",
            "the old plan was a mistake",
        ),
    ],
)
def test_a_cue_without_a_source_reports_its_clause_only(text: str, claim: str) -> None:
    # No source in reach: the cue's claim ends at the clause break, not at the sentence's end.
    _, cues, claims = triple(text)
    assert len(cues) == 1
    assert claims == [claim]


def test_a_later_cue_without_a_source_ends_the_claim_before_it() -> None:
    # "the mayor is acknowledging": no source is taken across "is", yet its clause is its
    # own; the minister's claim ends at the comma before it instead of running over it.
    claims = cued(
        "The minister said the old plan was a mistake, so the mayor is acknowledging "
        "that the bridge needs repairs."
    )
    assert claims["the old plan was a mistake"] == ("said", "The minister")
    assert claims["the bridge needs repairs"] == ("acknowledging", "")
