"""A layer's spans as BIO tags on tokens, sentence by sentence: the one tagging of both CoNLL
exports, ours (:mod:`annotator.core.formats.conll`) and CoNLL-2003's
(:mod:`annotator.core.formats.conll2003`), so that both write the same tokens and tags and
warn of the same spans in the same words.

Tokens are found inside each sentence by :mod:`annotator.core.tokens`. A span that does not
start and end on token boundaries is widened to the tokens it touches; BIO cannot nest, so a
span overlapping one already tagged (spans taken in order of start, longest first) is left out,
as is a span that covers no token. Each is counted in the export's warnings.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from annotator.core.formats import ExportContext, Record, layers_of
from annotator.core.tokens import tokenize as words
from annotator.core.wording import CountedPhrase

WIDENED = CountedPhrase("span widened to token boundaries", "spans widened to token boundaries")
OVERLAPPING = CountedPhrase(
    "span left out because it overlaps a span already tagged (BIO cannot nest)",
    "spans left out because they overlap a span already tagged (BIO cannot nest)",
)
NO_TOKEN = CountedPhrase(
    "span left out because it covers no token", "spans left out because they cover no token"
)


def tokenize(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` of each token of ``text[start:end]``, in document offsets
    (the words of :mod:`annotator.core.tokens`)."""
    return [(token.start, token.end) for token in words(text, start, end)]


def tag_layer(
    tokens: list[tuple[int, int]], spans: list[dict[str, Any]], context: ExportContext | None
) -> list[str]:
    """Return the BIO tag of each token for ``spans``."""
    tags = ["O"] * len(tokens)
    starts = [t[0] for t in tokens]
    for span in sorted(spans, key=lambda s: (s["start"], -s["end"], s["id"])):
        # Tokens touching [start, end): end after span start and start before span end.
        first = bisect_right(starts, span["start"]) - 1
        if first < 0 or tokens[first][1] <= span["start"]:
            first += 1
        last = bisect_left(starts, span["end"]) - 1
        if first > last or first >= len(tokens):
            if context is not None:
                context.warnings[NO_TOKEN] += 1
            continue
        if any(tag != "O" for tag in tags[first : last + 1]):
            if context is not None:
                context.warnings[OVERLAPPING] += 1
            continue
        widened = tokens[first][0] != span["start"] or tokens[last][1] != span["end"]
        if widened and context is not None:
            context.warnings[WIDENED] += 1
        tags[first] = f"B-{span['label']}"
        for i in range(first + 1, last + 1):
            tags[i] = f"I-{span['label']}"
    return tags


@dataclass(frozen=True, slots=True)
class TaggedSentence:
    """A sentence of a layer as CoNLL writes it: each token's offsets and tag."""

    sentence: Mapping[str, Any]
    #: ``(start, end, tag)`` of each token, in document offsets.
    tokens: list[tuple[int, int, str]]


def tagged_layers(
    record: Record, context: ExportContext
) -> Iterator[tuple[Record, list[TaggedSentence]]]:
    """Yield each layer of ``record`` (:func:`annotator.core.formats.layers_of`) with its
    sentences' tokens tagged; a sentence without a token is none of them."""
    text = record["text"]
    sentence_tokens = [tokenize(text, s["start"], s["end"]) for s in record["sentences"]]
    tokens = [t for group in sentence_tokens for t in group]
    for layer in layers_of(record):
        tags = iter(tag_layer(tokens, layer["spans"], context))
        sentences = [
            TaggedSentence(sentence, [(start, end, next(tags)) for start, end in group])
            for sentence, group in zip(record["sentences"], sentence_tokens, strict=True)
            if group
        ]
        yield layer, sentences
