"""Linking a tagger's spans: a claim goes to the cue of its own clause, never past another."""

from __future__ import annotations

import re

from annotator.core.assist.linking import link_spans
from annotator.core.assist.roles import role_mapping
from annotator.core.assist.suggestions import SuggestedRelation, SuggestedSpan

NAMES = ["Maria Lopez", "John Smith", "The minister", "Officials", "Anna Berg", "The mayor"]
CLAIMS = ["the plan would fail", "taxes will rise", "the bridge is unsafe", "prices fell"]


def marked(text: str) -> tuple[str, list[SuggestedSpan]]:
    """The text without its marks, and the spans written into it as [SOURCE ...], [CUE ...]
    and [CLAIM ...], in text order."""
    spans = []
    plain = ""
    at = 0
    for match in re.finditer(r"\[(SOURCE|CUE|CLAIM) ([^\]]+)\]", text):
        plain += text[at : match.start()]
        spans.append(SuggestedSpan(match[1], len(plain), len(plain) + len(match[2]), 1.0))
        plain += match[2]
        at = match.end()
    return plain + text[at:], spans


def links(text: str) -> dict[str, dict[str, str]]:
    """Each claim's words -> {relation type: the words it goes to}, for a marked sentence."""
    plain, spans = marked(text)
    words = [plain[s.start : s.end] for s in spans]
    found: dict[str, dict[str, str]] = {}
    for relation in link_spans(plain, spans, [(0, len(plain))]):
        found.setdefault(words[relation.from_index], {})[relation.type] = words[relation.to_index]
    return found


def test_each_clause_of_a_long_sentence_is_its_own_cues() -> None:
    # Forty "X said that Y" clauses in one sentence: each claim is cued by the "said" of its
    # clause and attributed to its speaker, not all to the first cue (or the next one).
    clauses = [
        f"[SOURCE {NAMES[k % 6]}] [CUE said{k}] that [CLAIM {CLAIMS[k % 4]} at meeting {k}]"
        for k in range(40)
    ]
    found = links("; ".join(clauses) + ".")
    assert len(found) == 40
    for k in range(40):
        assert found[f"{CLAIMS[k % 4]} at meeting {k}"] == {
            "CUED_BY": f"said{k}",
            "ATTRIBUTED_TO": NAMES[k % 6],
        }


def test_a_claim_before_its_cue_goes_to_the_cue_after_it() -> None:
    found = links(
        "[CLAIM The talks failed], [SOURCE officials] [CUE said]; "
        "[CLAIM prices will rise], [SOURCE the bank] [CUE warned]."
    )
    assert found["The talks failed"] == {"CUED_BY": "said", "ATTRIBUTED_TO": "officials"}
    assert found["prices will rise"] == {"CUED_BY": "warned", "ATTRIBUTED_TO": "the bank"}


def test_a_claim_takes_the_cue_of_its_clause_not_the_nearer_one_across_a_break() -> None:
    # The next clause's cue is two characters nearer ("; Jo " against " that "): the
    # semicolon ends the first clause.
    found = links(
        "[SOURCE Al] [CUE said] that [CLAIM rain is due]; [SOURCE Jo] [CUE denied] [CLAIM it]."
    )
    assert found["rain is due"]["CUED_BY"] == "said"


def test_a_quotation_after_a_cue_sentence_keeps_its_speaker() -> None:
    found = links(
        '[SOURCE Lee] [CUE said] [CLAIM the port will close]. "[CLAIM It is over]," '
        "[SOURCE she] [CUE added]."
    )
    assert found["the port will close"]["CUED_BY"] == "said"
    assert found["It is over"] == {"CUED_BY": "added", "ATTRIBUTED_TO": "she"}


def test_no_claim_is_linked_past_another_cue() -> None:
    # Three cues before the claim: only the last of them, the nearest, may govern it.
    found = links(
        "[SOURCE Al] [CUE said], [SOURCE Bo] [CUE agreed] and [SOURCE Cy] [CUE wrote] "
        "that [CLAIM the dam will hold]."
    )
    assert found["the dam will hold"] == {"CUED_BY": "wrote", "ATTRIBUTED_TO": "Cy"}


def test_at_most_one_relation_of_each_type_leaves_a_claim() -> None:
    text, spans = marked("[SOURCE Al] [CUE said] [CLAIM it rains] and [SOURCE Bo] [CUE said] so.")
    sentences = [(0, len(text))]
    assert link_spans(text, spans, sentences) == [
        SuggestedRelation("CUED_BY", 2, 1),
        SuggestedRelation("ATTRIBUTED_TO", 2, 0),
    ]
    roles = role_mapping({"SOURCE": "SOURCE", "CUE": "CUE", "CLAIM": "CLAIM", "CUED_BY": "CUED_BY"})
    assert link_spans(text, spans, sentences, roles) == [SuggestedRelation("CUED_BY", 2, 1)]


def test_a_claim_interrupted_by_its_cue_is_linked_once() -> None:
    # "A, X said, B" and "“A,” X said. “B.”": one claim in two pieces; its relations leave
    # the first piece, as an imported discontinuous claim's leave its first fragment.
    found = links(
        "[CLAIM The talks failed], [SOURCE Al] [CUE said], [CLAIM and the banks will close]."
    )
    assert found == {"The talks failed": {"CUED_BY": "said", "ATTRIBUTED_TO": "Al"}}
    text, spans = marked(
        '"[CLAIM The dam will hold]," [SOURCE Bo] [CUE said]. "[CLAIM The river is falling]."'
    )
    sentences = [(0, text.index(". ") + 1), (text.index(". ") + 2, len(text))]
    relations = link_spans(text, spans, sentences)
    assert {(r.type, r.from_index, r.to_index) for r in relations} == {
        ("CUED_BY", 0, 2),
        ("ATTRIBUTED_TO", 0, 1),
    }


def test_a_cue_after_a_comma_with_no_source_keeps_its_own_claim() -> None:
    # "A, arguing that B": A goes to "arguing" (one comma away against four words back to
    # "urged"), but nothing names a speaker between A and B: B is the cue's own claim, not
    # a piece of A's.
    found = links(
        "[SOURCE Al] [CUE urged] the council to hold [CLAIM a new vote], [CUE arguing] that "
        "[CLAIM the poll was flawed]."
    )
    assert found["a new vote"]["CUED_BY"] == "arguing"
    assert found["the poll was flawed"]["CUED_BY"] == "arguing"


def test_of_two_claims_after_one_cue_the_first_is_linked() -> None:
    found = links('[SOURCE Cy] [CUE wrote]: "[CLAIM The port is shut]. [CLAIM Ships wait]."')
    assert found == {"The port is shut": {"CUED_BY": "wrote", "ATTRIBUTED_TO": "Cy"}}


def test_claims_with_words_between_them_and_the_cue_are_each_linked() -> None:
    # "A and X warned B": A is no piece of B's claim (a word, "and", lies between A and the
    # cue), so both are linked; here A is the cue's too, the nearer.
    found = links(
        "[CLAIM Prices rose] and [SOURCE the bank] [CUE warned] that [CLAIM rates will climb]."
    )
    assert found["rates will climb"] == {"CUED_BY": "warned", "ATTRIBUTED_TO": "the bank"}
    assert found["Prices rose"]["CUED_BY"] == "warned"


def test_a_quotation_ending_a_paragraph_is_not_the_next_paragraphs() -> None:
    # Both cues lie across a sentence break; the next paragraph's is nearer in words (its
    # source is not counted), but a paragraph break parts them more.
    text, spans = marked(
        '[SOURCE Al] [CUE spoke] at noon. "[CLAIM The port will close soon]."\n\n'
        "[SOURCE The union] [CUE noted] [CLAIM the delay in the talks]."
    )
    first = text.index(". ") + 1
    second = text.index("\n\n")
    sentences = [(0, first), (first + 1, second), (second + 2, len(text))]
    words = [text[s.start : s.end] for s in spans]
    drawn = {
        (words[r.from_index], r.type): words[r.to_index] for r in link_spans(text, spans, sentences)
    }
    assert drawn[("The port will close soon", "CUED_BY")] == "spoke"
    assert drawn[("the delay in the talks", "CUED_BY")] == "noted"
