"""Charts for the agreement page, drawn on the server as inline SVG.

Every piece of text goes through :func:`markupsafe.escape`; colours and sizes are SVG
presentation attributes (``fill="..."``), never ``style="..."``, which the page's
Content-Security-Policy (``style-src 'self'``) would block.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from annotator.core.wording import NO_VALUE

CELL = 56
BAR_HEIGHT = 14
LABEL_WIDTH = 150
#: How many characters of a row's name fit on one line left of the bars (11px text).
NAME_CHARS = 22


def colour(value: float | None) -> str:
    """Return a fill colour for an agreement figure: red (<= 0) through yellow to green (1)."""
    if value is None:
        return "#e5e7eb"
    x = max(0.0, min(1.0, value))
    if x < 0.5:
        red, green = 220, int(80 + 2 * x * 150)
    else:
        red, green = int(220 - (x - 0.5) * 2 * 180), 190
    return f"#{red:02x}{green:02x}50"


def _number(value: float | None) -> str:
    return NO_VALUE if value is None else f"{value:.2f}"


def nothing_to_draw(title: str, why: str) -> Markup:
    """Return, in words, that a chart has nothing to draw and why: axes with no mark on them
    looked like a chart that failed to load."""
    return Markup(
        f'<p class="empty chart-empty"><strong>{escape(title)}</strong>: nothing to draw yet, '
        f"{escape(why)}.</p>"
    )


def heatmap(names: Sequence[str], pairs: dict[str, float | None], title: str) -> Markup:
    """Return a square matrix of pairwise figures (keys ``a|b``); the diagonal is left blank."""
    if all(value is None for value in pairs.values()):
        return nothing_to_draw(title, "no pair of annotators has a figure")
    size = len(names)
    width = LABEL_WIDTH + size * CELL + 10
    height = 30 + size * CELL + 10
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    for j, name in enumerate(names):
        x = LABEL_WIDTH + j * CELL + CELL / 2
        parts.append(
            f'<text x="{x}" y="20" text-anchor="middle" font-size="11">{escape(name[:10])}</text>'
        )
    for i, first in enumerate(names):
        y = 30 + i * CELL
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + CELL / 2 + 4}" text-anchor="end" '
            f'font-size="11">{escape(first[:20])}</text>'
        )
        for j, second in enumerate(names):
            x = LABEL_WIDTH + j * CELL
            if i == j:
                parts.append(
                    f'<rect x="{x}" y="{y}" width="{CELL - 2}" height="{CELL - 2}" fill="#f8fafc"/>'
                )
                continue
            value = pairs.get("|".join(sorted((first, second))))
            parts.append(
                f'<rect x="{x}" y="{y}" width="{CELL - 2}" height="{CELL - 2}" '
                f'fill="{colour(value)}"><title>{escape(first)} and {escape(second)}: '
                f"{_number(value)}</title></rect>"
                f'<text x="{x + CELL / 2 - 1}" y="{y + CELL / 2 + 4}" text-anchor="middle" '
                f'font-size="12">{_number(value)}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))


def name_lines(name: str) -> list[str]:
    """Return a bar chart row's name as one line, or two when it is longer than NAME_CHARS.

    A document field is named ``document:`` and its name, so a name of 14 characters
    already missed its end on one line (``document:loaded_langua``). The break goes after
    the first ``:`` (the field's kind), else after the last ``_``, ``-`` or space that fits;
    a second line still too long keeps its start and its end around "…", where names that
    share a start differ.
    """
    if len(name) <= NAME_CHARS:
        return [name]
    colon = name.find(":")
    if 0 < colon < NAME_CHARS:
        cut = colon + 1
    else:
        cut = max(name.rfind(c, 1, NAME_CHARS) for c in "_- ") + 1 or NAME_CHARS
    first, rest = name[:cut], name[cut:]
    if len(rest) > NAME_CHARS:
        head = (NAME_CHARS - 1) // 2
        rest = rest[:head] + "…" + rest[-(NAME_CHARS - 1 - head) :]
    return [first, rest]


def _row_name(name: str, y: float) -> str:
    """Return the SVG text of a row's name, right-aligned left of the bars and centred on
    ``y``, its full name in a ``<title>`` for the reader who points at it."""
    lines = name_lines(name)
    x, step = LABEL_WIDTH - 6, 13
    top = y + 4 - step * (len(lines) - 1) / 2
    tspans = "".join(
        f'<tspan x="{x}" y="{top + step * k:.1f}">{escape(line)}</tspan>'
        for k, line in enumerate(lines)
    )
    return (
        f'<text class="row-name" text-anchor="end" font-size="11">'
        f"<title>{escape(name)}</title>{tspans}</text>"
    )


def bars(
    rows: Sequence[tuple[str, Sequence[float | None]]],
    series: Sequence[str],
    title: str,
    missing: str = "none has two annotators' work",
) -> Markup:
    """Return horizontal bars, one group per row and one bar per series (values 0 to 1).

    A row without any figure is left out and named under the chart, with ``missing``, the
    reason; a series no drawn row has (alpha ordinal, with no ordinal field drawn) is left
    out with its legend. Drawn, they were rows and bars of dashes, which said nothing.
    """
    if all(value is None for _, values in rows for value in values):
        return nothing_to_draw(title, "no figure is defined (none has two annotators' work)")
    drawn = [(label, values) for label, values in rows if any(v is not None for v in values)]
    kept = [k for k in range(len(series)) if any(values[k] is not None for _, values in drawn)]
    plot = 300
    group = BAR_HEIGHT * len(kept) + 10
    width = LABEL_WIDTH + plot + 60
    height = 30 + len(drawn) * group
    fills = ["#1f77b4", "#9ecae1", "#2ca02c", "#ff7f0e"]
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    for place, k in enumerate(kept):
        x = LABEL_WIDTH + place * 110
        parts.append(
            f'<rect x="{x}" y="6" width="10" height="10" fill="{fills[k % len(fills)]}"/>'
            f'<text x="{x + 14}" y="15" font-size="11">{escape(series[k])}</text>'
        )
    for i, (label, values) in enumerate(drawn):
        y = 26 + i * group
        parts.append(_row_name(label, y + group / 2 - 4))
        for place, k in enumerate(kept):
            value, top = values[k], y + place * BAR_HEIGHT
            length = 0 if value is None else max(0.0, min(1.0, value)) * plot
            said = "undefined" if value is None else _number(value)
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{top}" width="{length:.1f}" '
                f'height="{BAR_HEIGHT - 2}" fill="{fills[k % len(fills)]}">'
                f"<title>{escape(label)}, {escape(series[k])}: {said}</title></rect>"
                f'<text x="{LABEL_WIDTH + length + 4:.1f}" y="{top + BAR_HEIGHT - 3}" '
                f'font-size="10">{said}</text>'
            )
    parts.append("</svg>")
    left_out = [label for label, values in rows if all(v is None for v in values)]
    if left_out:
        parts.append(
            f'<p class="muted chart-note">No figure for {escape(", ".join(left_out))}: '
            f"{escape(missing)}.</p>"
        )
    return Markup("".join(parts))


def histogram(values: Sequence[float | None], title: str, bins: int = 10) -> Markup:
    """Return a histogram of per-document figures in [0, 1] (documents without one left out)."""
    if all(value is None for value in values):
        return nothing_to_draw(title, "no document has a figure (two or more annotators' work)")
    counts = [0] * bins
    for value in values:
        if value is not None:
            counts[min(bins - 1, max(0, int(value * bins)))] += 1
    tallest = max(counts) or 1
    bar, plot = 36, 140
    width, height = 40 + bins * bar, plot + 50
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    for k, count in enumerate(counts):
        tall = plot * count / tallest
        x, y = 30 + k * bar, 10 + plot - tall
        low, high = k / bins, (k + 1) / bins
        parts.append(
            f'<rect x="{x}" y="{y:.1f}" width="{bar - 4}" height="{tall:.1f}" '
            f'fill="{colour((low + high) / 2)}"><title>{low:.1f} to {high:.1f}: {count} '
            f"documents</title></rect>"
            f'<text x="{x + (bar - 4) / 2}" y="{y - 2:.1f}" text-anchor="middle" '
            f'font-size="10">{count}</text>'
            f'<text x="{x}" y="{plot + 26}" font-size="10">{low:.1f}</text>'
        )
    parts.append(f'<text x="{30 + bins * bar - 10}" y="{plot + 26}" font-size="10">1.0</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
