"""Krippendorff's unitizing alpha (``_u alpha``) for spans on a continuum.

Two forms, which must not be mixed (AGREEMENT.md section 2):

-   ``"2004"``: the discrete form of Krippendorff (2004), *Content Analysis*,
    2nd ed., section 12.5 (worked example p. 254), for integer positions such
    as characters;
-   ``"1995"``: the continuous form of Krippendorff (1995), "On the reliability
    of unitizing continuous data", *Sociological Methodology* 25:47-76 (examples
    p. 57).

For each category ``c`` every observer's units of ``c`` and the gaps between
them partition the continuum ``[begin, end)`` into sections. The observed
disagreement sums a squared distance over pairs of sections of different
observers; the expected disagreement is what the same units would give if
placed at random. ``alpha_c = 1 - D_o(c) / D_e(c)`` and, over all categories,
``alpha = 1 - sum_c D_o(c) / sum_c D_e(c)``. Undefined values (no units, one
observer, an empty continuum) are ``None``.

Krippendorff et al. (2016, *Quality & Quantity*) note that the 2004 form
behaves unexpectedly with more than two observers; prefer two.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from .spans import Span, SpanLike, as_spans

Form = Literal["2004", "1995"]


@dataclass(frozen=True)
class Disagreement:
    """Observed and expected disagreement for one category, and the alpha they give."""

    observed: float
    expected: float

    @property
    def alpha(self) -> float | None:
        """Return ``1 - D_o / D_e``, or ``None`` when nothing is expected to disagree."""
        return None if self.expected <= 0 else 1.0 - self.observed / self.expected


@dataclass
class UnitizingAlpha:
    """Unitizing alpha overall and per category (with its ``D_o`` and ``D_e``)."""

    alpha: float | None
    categories: dict[Hashable, Disagreement] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Return plain data: overall alpha and, per category, alpha, D_o and D_e."""
        return {
            "alpha": self.alpha,
            "categories": {
                str(label): {"alpha": d.alpha, "observed": d.observed, "expected": d.expected}
                for label, d in self.categories.items()
            },
        }


@dataclass(frozen=True)
class _Sections:
    """One observer's partition of the continuum for one category."""

    begin: np.ndarray
    length: np.ndarray
    unit: np.ndarray  # True for a unit of the category, False for a gap


def _sections(begin: np.ndarray, length: np.ndarray, total: int) -> _Sections:
    """Return an observer's partition of ``[0, total)`` into its sorted, disjoint units and gaps."""
    stop = begin + length
    gap_begin = np.concatenate([[0], stop])
    gap_end = np.concatenate([begin, [total]])
    is_gap = gap_end > gap_begin
    all_begin = np.concatenate([begin, gap_begin[is_gap]]).astype(float)
    all_length = np.concatenate([length, (gap_end - gap_begin)[is_gap]]).astype(float)
    unit = np.concatenate([np.ones(len(begin), bool), np.zeros(int(is_gap.sum()), bool)])
    order = np.argsort(all_begin, kind="stable")
    return _Sections(all_begin[order], all_length[order], unit[order])


def _observed_sum(g: _Sections, h: _Sections) -> float:
    """Return the sum of the squared distances between sections of g and of h.

    Only sections that intersect can be at a nonzero distance (two overlapping
    units, a unit inside a gap, a gap holding a unit), and each partition is
    sorted, so the intersecting pairs come from two binary searches instead of
    all |g| x |h| pairs.
    """
    g_end, h_end = g.begin + g.length, h.begin + h.length
    first = np.searchsorted(h_end, g.begin, side="right")  # first h ending after g starts
    stop = np.searchsorted(h.begin, g_end, side="left")  # first h starting at/after g's end
    counts = np.maximum(stop - first, 0)
    gi = np.repeat(np.arange(len(g.begin)), counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    hj = np.repeat(first, counts) + offsets
    bg, lg, ug = g.begin[gi], g.length[gi], g.unit[gi]
    bh, lh, uh = h.begin[hj], h.length[hj], h.unit[hj]
    d = bg - bh
    # Krippendorff (2004) p. 252: units overlapping; unit inside a gap; gap holding a unit.
    both = ug & uh & (-lg < d) & (d < lh)
    inside = ug & ~uh & (d >= 0) & (lh - lg >= d)
    holds = ~ug & uh & (d <= 0) & (lh - lg <= d)
    squared = np.where(both, d**2 + (bg + lg - bh - lh) ** 2, 0.0)
    squared += np.where(inside, lg**2, 0.0) + np.where(holds, lh**2, 0.0)
    return float(squared.sum())


def _expected(partitions: list[_Sections], length: int, form: Form) -> float:
    """Return D_e for one category (AGREEMENT.md section 2; Krippendorff 2004 p. 253)."""
    m = len(partitions)
    units = np.concatenate([p.length[p.unit] for p in partitions])
    gaps = np.sort(np.concatenate([p.length[~p.unit] for p in partitions]))
    if len(units) == 0:
        return 0.0
    # For each unit g: sum over gaps h with l_h >= l_g of (l_h - l_g [+ 1]), from suffix sums.
    first = np.searchsorted(gaps, units, side="left")
    suffix = np.concatenate([np.cumsum(gaps[::-1])[::-1], [0.0]])
    longer = len(gaps) - first
    extra = 1.0 if form == "2004" else 0.0
    gap_term = suffix[first] - (units - extra) * longer
    if form == "2004":
        shape = 2 * units**3 - 3 * units**2 + units
        denominator = m * length * (m * length - 1) - float(np.sum(units * (units - 1)))
    else:
        shape = 2 * units**3
        denominator = (m * length) ** 2 - float(np.sum(units**2))
    numerator = (2.0 / length) * float(np.sum((len(units) - 1) / 3.0 * shape + units**2 * gap_term))
    return numerator / denominator if denominator > 0 else 0.0


Units = tuple[np.ndarray, np.ndarray, np.ndarray]  # begin, length, category code


def unitizing_alpha_arrays(
    observers: Mapping[str, Units], total: int, *, form: Form = "2004"
) -> UnitizingAlpha:
    """Return Krippendorff's unitizing alpha on ``[0, total)``, units given as arrays.

    This is the implementation; :func:`unitizing_alpha` converts spans and calls it.

    :param observers: name -> ``(begin, length, category)`` of non-overlapping units per
        category (call :func:`~.continuum.merge_units` first); categories are integer codes.
    :param form: ``"2004"`` (discrete positions: characters) or ``"1995"`` (continuous).
    """
    m = len(observers)
    result = UnitizingAlpha(alpha=None)
    if m < 2 or total <= 0:
        return result
    units = list(observers.values())
    categories: list[int] = np.unique(np.concatenate([c for _, _, c in units])).tolist()
    for category in categories:
        partitions = [
            _sections(begin[cats == category], length[cats == category], total)
            for begin, length, cats in units
        ]
        # The distance is symmetric (a unit inside a gap counts the same from either
        # side), so each unordered pair of observers is summed once and counted twice.
        observed = 2 * sum(
            _observed_sum(partitions[i], partitions[j]) for i in range(m) for j in range(i + 1, m)
        )
        result.categories[category] = Disagreement(
            observed=observed / (m * (m - 1) * total**2),
            expected=_expected(partitions, total, form),
        )
    overall = Disagreement(
        sum(d.observed for d in result.categories.values()),
        sum(d.expected for d in result.categories.values()),
    )
    result.alpha = overall.alpha
    return result


def unitizing_alpha(
    observers: Mapping[str, Sequence[SpanLike]],
    begin: int,
    end: int,
    *,
    form: Form = "2004",
) -> UnitizingAlpha:
    """Return Krippendorff's unitizing alpha for spans on the continuum ``[begin, end)``.

    Checks the spans, then calls :func:`unitizing_alpha_arrays` on them.

    :param observers: observer name -> spans ``(start, end, category)``. List
        every observer, also one who marked nothing: an empty list still says
        "no unit anywhere here". Units of one category by one observer must not
        overlap.
    :param form: ``"2004"`` (discrete positions: characters) or ``"1995"``
        (continuous, to reproduce the 1995 paper).
    :raises ValueError: overlapping units of one category by one observer, or a
        unit outside the continuum.
    """
    if form not in ("2004", "1995"):
        raise ValueError(f"unknown form {form!r}; expected '2004' or '1995'")
    spans = {name: as_spans(values) for name, values in observers.items()}
    labels = sorted({span.label for values in spans.values() for span in values}, key=repr)
    if len(spans) < 2 or end <= begin:
        return UnitizingAlpha(alpha=None)
    for label in labels:
        for name, values in spans.items():
            _check([(s.start, s.end) for s in values if s.label == label], begin, end, name, label)
    codes = {label: code for code, label in enumerate(labels)}
    arrays = {
        name: (
            np.array([s.start - begin for s in values], dtype=np.int64),
            np.array([s.end - s.start for s in values], dtype=np.int64),
            np.array([codes[s.label] for s in values], dtype=np.int64),
        )
        for name, values in spans.items()
    }
    coded = unitizing_alpha_arrays(arrays, end - begin, form=form)
    result = UnitizingAlpha(coded.alpha)
    for code, label in enumerate(labels):  # codes follow the labels' order
        if code in coded.categories:
            result.categories[label] = coded.categories[code]
    return result


def _check(units: list[tuple[int, int]], begin: int, end: int, name: str, label: Hashable) -> None:
    """Raise ValueError if units of one category overlap or leave ``[begin, end)``."""
    position = begin
    for start, stop in sorted(units):
        if start < position:
            raise ValueError(
                f"{name}/{label}: units of one category overlap or leave the continuum at {start}"
            )
        position = stop
    if position > end:
        raise ValueError(
            f"{name}/{label}: a unit ends at {position}, after the continuum ends at {end}"
        )


def concatenate(
    documents: Sequence[tuple[int, Mapping[str, Sequence[SpanLike] | None]]],
    observers: Sequence[str],
) -> tuple[dict[str, list[Span]], int]:
    """Lay documents end to end as one continuum, for a corpus-level unitizing alpha.

    Krippendorff's alpha needs every observer to have seen the whole
    continuum, so only documents that all ``observers`` annotated are used
    (pass a pair of names to score that pair on the documents it shares).
    Documents follow each other without a gap, as the R package quallmer does.

    :param documents: per document, its length and observer -> spans (``None``
        or absent where the observer did not annotate it).
    :return: observer -> spans shifted to continuum positions, and the
        continuum length (``begin`` is 0).
    """
    joined: dict[str, list[Span]] = {name: [] for name in observers}
    offset = 0
    for length, layers in documents:
        if any(layers.get(name) is None for name in observers):
            continue
        for name in observers:
            for span in as_spans(layers[name] or []):
                joined[name].append(Span(span.start + offset, span.end + offset, span.label))
        offset += length
    return joined, offset
