"""The differences within one group of spans: marked by only some annotators, bounds that
differ (``boundary``), labels that differ, or, for spans alike, attribute values."""

from __future__ import annotations

from annotator.core.shapes import sentence_at
from annotator.core.wording import counted, span_words, value_words
from annotator.models import Span
from annotator.services.review.difference import Difference, Version


def span_differences(
    group: dict[str, list[Span]], names: list[str], text: str | None, starts: list[int]
) -> list[Difference]:
    """Return the differences within one ``group`` of spans (layer name -> its spans there);
    none when every annotator has one span there, all equal."""
    every = [s for spans in group.values() for s in spans]
    keys = {(s.label, s.start, s.end) for s in every}
    # One span each, alike (label and bounds): a difference only if their attributes differ.
    alike = len(keys) == 1 and all(len(group.get(name, [])) == 1 for name in names)
    if alike and len({tuple(sorted((s.attributes or {}).items())) for s in every}) == 1:
        return []  # agreed (most groups): checked before any version is written
    sentence = sentence_at(starts, min(s.start for s in every))
    versions = [
        Version(name, span_text(span, text), ("span", span.id, ""), span.note)
        for name in names
        for span in group.get(name, [])
    ]
    if alike:
        differing = sorted(
            {
                k
                for s in every
                for k in (s.attributes or {})
                if len({(t.attributes or {}).get(k) for t in every}) > 1
            }
        )
        return [
            Difference(
                "attribute",
                sentence,
                f"{every[0].label}: attribute {name} differs",
                [
                    Version(v.annotator, v.text, ("attribute", v.accept[1], name))  # type: ignore[index]
                    for v in versions
                ],
            )
            for name in differing
        ]
    result = []
    missing = [name for name in names if name not in group]
    label = "/".join(sorted({s.label for s in every}))
    if missing:
        marked = [name for name in names if name in group]
        result.append(
            Difference(
                "only_some",
                sentence,
                f"{label} marked by {', '.join(marked)}; not by {', '.join(missing)}",
                versions,
            )
        )
    bounds = {(s.start, s.end) for s in every}
    if len(bounds) > 1:
        shift_start = max(s.start for s in every) - min(s.start for s in every)
        shift_end = max(s.end for s in every) - min(s.end for s in every)
        result.append(
            Difference(
                "boundary", sentence, _boundary_summary(label, shift_start, shift_end), versions
            )
        )
    if len({s.label for s in every}) > 1:
        result.append(Difference("label", sentence, f"labels differ: {label}", versions))
    return result


def _boundary_summary(label: str, shift_start: int, shift_end: int) -> str:
    """Say how far apart the starts and the ends of overlapping spans are, naming what agrees."""
    if not shift_start:
        return f"{label}: same start; the ends are {counted(shift_end, 'character')} apart"
    if not shift_end:
        return f"{label}: same end; the starts are {counted(shift_start, 'character')} apart"
    starts = counted(shift_start, "character")
    return f"{label}: the starts are {starts} apart and the ends {counted(shift_end, 'character')}"


def span_text(span: Span, text: str | None) -> str:
    """Return a span as a version quotes it: label, words and attributes (empty when
    ``text`` is None: counting only)."""
    if text is None:  # counting only: nobody reads the words
        return ""
    attributes = ", ".join(
        f"{k}={value_words(v)}" for k, v in sorted((span.attributes or {}).items())
    )
    suffix = f" {{{attributes}}}" if attributes else ""
    return span_words(span.label, span.start, span.end, text) + suffix
