"""A span's difference worked out over its group alone is the one the whole document's
differences hold it in: the same versions, summary and key, over many random layers
(spans overlapping, nested, side by side, agreed, of two labels, with attributes)."""

from __future__ import annotations

import random
from types import SimpleNamespace
from typing import Any

from annotator.services.review.differences import layer_differences
from annotator.services.review.gold_ends import version_spans
from annotator.services.review.layers import DocumentLayer
from annotator.services.review.none_taken import key_of, rows_by_id
from annotator.services.review.span_group import span_difference

TEXT = "".join(chr(ord("a") + i % 26) for i in range(120))


def _random_layers(rng: random.Random) -> list[DocumentLayer]:
    ids = iter(range(1, 10_000))
    agreed = [(rng.choice(("CLAIM", "SOURCE")), s, s + rng.randint(1, 8)) for s in (5, 60)]
    layers = []
    for name in ("alice", "bob", "carol"):
        spans: list[Any] = []
        for label, start, end in agreed if rng.random() < 0.8 else agreed[:1]:
            spans.append((label, start, end))
        for _ in range(rng.randint(0, 7)):
            start = rng.randrange(0, 110)
            spans.append((rng.choice(("CLAIM", "SOURCE")), start, start + rng.randint(1, 10)))
        rows = [
            SimpleNamespace(
                id=next(ids),
                label=label,
                start=start,
                end=end,
                attributes={"claimer": "REPORTED"} if rng.random() < 0.2 else {},
                note=None,
            )
            for label, start, end in sorted(set(spans), key=lambda s: (s[1], s[2], s[0]))
        ]
        layers.append(DocumentLayer(name, "done", rows))
    return layers


def test_a_spans_group_alone_finds_its_difference_over_random_layers() -> None:
    rng = random.Random(39)
    document = SimpleNamespace(text=TEXT)
    checked = 0
    for _ in range(300):
        layers = _random_layers(rng)
        rows = rows_by_id(layers)
        whole = layer_differences(layers, TEXT, [])
        for layer in layers:
            for span in layer.spans:
                expected = next(
                    (d for d in whole if any(r.id == span.id for _, r in version_spans(d, rows))),
                    None,
                )
                found = span_difference(layers, document, span, rows)  # type: ignore[arg-type]
                if expected is None:
                    assert found is None
                    continue
                assert found is not None
                assert (found.kind, found.summary) == (expected.kind, expected.summary)
                assert key_of(found, rows) == key_of(expected, rows)
                checked += 1
    assert checked > 1000
