"""Where the article's paragraphs break: one rule (core/paragraph_breaks.py) for the pages,
the API's sentences and the tagger's sequences."""

from __future__ import annotations

from typing import Any

from annotator.core.paragraph_breaks import break_between, breaks_among, sentence_breaks
from annotator.core.segmentation import split_sentences

#: What opens each sentence of TEXT.
OPENS = [None, None, "paragraph", None, "line", "paragraph"]
TEXT = (
    "Officials said the border was closed. The ministry denied it.\n\n"
    "Témoins 😀 said troops moved at night. Nobody confirmed it.\n"
    "A line of its own follows.\n\n\n"
    "After two blank lines, the last paragraph."
)


def test_a_blank_line_opens_a_paragraph_and_one_line_break_a_line() -> None:
    assert sentence_breaks(TEXT, split_sentences(TEXT)) == OPENS


def test_spaces_around_the_breaks_count_for_nothing() -> None:
    text = "One.  \n \t\n  Two. \n Three."
    assert sentence_breaks(text, split_sentences(text)) == [None, "paragraph", "line"]
    assert break_between("a. b.", 2, 3) is None


def test_a_page_that_leaves_sentences_out_shows_the_widest_break_since_the_one_before() -> None:
    breaks = [None, None, "paragraph", None, "line", None]
    # 1 and 3 shown: a paragraph opened at 2, among those left out, parts them.
    assert breaks_among(breaks, [1, 3]) == [None, "paragraph"]
    assert breaks_among(breaks, [3, 5]) == [None, "line"]
    assert breaks_among(breaks, [0, 1]) == [None, None]
    # The first one shown opens nothing: no sentence shown above it to part it from.
    assert breaks_among(breaks, [2, 4]) == [None, "line"]
    assert breaks_among(breaks, []) == []


def test_the_api_says_which_sentences_open_a_paragraph_or_a_line(
    client: Any, make_user: Any, make_token: Any, make_project: Any, make_document: Any, assign: Any
) -> None:
    """Only those: a sentence in the run of a paragraph has no ``opens``, as before."""
    alice = make_user("alice")
    document = make_document(make_project(), TEXT, "paragraphs.txt")
    assign(document, alice)
    answer = client.get(f"/api/v1/documents/{document.id}", headers=make_token(alice))
    assert answer.status_code == 200
    sentences = answer.get_json()["sentences"]
    assert [s.get("opens") for s in sentences] == OPENS
    assert sentences[0] == {"index": 0, "start": 0, "end": TEXT.index(" The ministry")}
