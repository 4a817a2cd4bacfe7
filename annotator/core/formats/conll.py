"""The ``conll`` format: one token per line with its offsets and a BIO tag.

Per document and layer::

    # id = doc-7
    # annotator = alice
    # status = done
    Officials 0 9 B-SOURCE
    said 10 14 B-CUE
    ...

with a blank line after each sentence. ``# status`` is the layer's (an annotator's assignment
status, gold's review status), so that a re-import gives it back; a layer without one (the
suggestions) has no such line. Columns are separated by one space: the token, its
start and end (code points in the document, end-exclusive) and its tag, last, as CoNLL-2003
readers expect. Tokens are found inside each sentence by :data:`TOKEN`: a run of letters and
digits (with inner hyphens or apostrophes, as in "ex-minister" or "don't"), or any other
single non-space character. A span that does not start and end on token boundaries is
widened to the tokens it touches; BIO cannot nest, so a span overlapping one already tagged
(spans taken in order of start, longest first) is left out. Both are counted in warnings.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from annotator.core.formats import ExportContext, ExportFormat, chunked, layers_of
from annotator.core.formats import Record as ExportRecord
from annotator.core.shapes import provenance
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
    from bisect import bisect_left, bisect_right

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


def _lines(records: Iterable[ExportRecord], context: ExportContext) -> Iterator[str]:
    for record in records:
        text = record["text"]
        sentence_tokens = [tokenize(text, s["start"], s["end"]) for s in record["sentences"]]
        tokens = [t for group in sentence_tokens for t in group]
        for layer in layers_of(record):
            tags = tag_layer(tokens, layer["spans"], context)
            yield f"# id = {record['id']}\n# annotator = {layer['annotator']}\n"
            if layer.get("status") is not None:
                yield f"# status = {layer['status']}\n"
            # Tags have no room for where a span came from: one comment per suggested span.
            for span in layer["spans"]:
                found = provenance(span)
                if found is not None:
                    yield (
                        f"# suggested = {span['label']} {span['start']} {span['end']} "
                        f"model={found['model']} score={found['score']}\n"
                    )
            i = 0
            for group in sentence_tokens:
                if not group:
                    continue
                for start, end in group:
                    yield f"{text[start:end]} {start} {end} {tags[i]}\n"
                    i += 1
                yield "\n"


def write(records: Iterable[ExportRecord], context: ExportContext) -> Iterator[bytes]:
    """Yield the CoNLL lines of every document and layer."""
    yield from chunked(_lines(records, context), size=4096)


FORMAT = ExportFormat(
    name="conll",
    extension="conll",
    mimetype="text/plain; charset=utf-8",
    description="Token per line with offsets and a BIO tag; spans widened to tokens",
    writer=write,
)
