"""The agreement page's bar charts draw the figures there are and say in words which fields
have none, instead of rows of dashes.

Two annotators labelled only the stance (and marked one CLAIM) of a seeded project: the
"Label agreement per field" chart drew a row for every other field (checkworthiness, bias,
opinion, document:genre), each three empty bars marked "–", and a legend for "alpha ordinal",
which no drawn row had; the span chart, likewise, a row of dashes for each label not marked.
"""

from __future__ import annotations

import re
from typing import Any

from tests.helpers import login

TEXT = "Officials said the talks failed.\n\nMoscow denied it.\n\nKyiv said nothing."


def _chart(html: str, title: str) -> str:
    """Return the chart called ``title`` with the note that follows it, if any."""
    found = re.search(
        rf'<svg[^>]*aria-label="{re.escape(title)}".*?</svg>(\s*<p class="[^"]*chart-note.*?</p>)?',
        html,
        re.S,
    )
    assert found is not None, f"no chart {title!r}"
    return found.group(0)


def test_label_bars_leave_out_fields_without_a_figure_and_name_them(
    client: Any,
    make_user: Any,
    make_token: Any,
    make_project: Any,
    make_document: Any,
    assign: Any,
) -> None:
    document = make_document(make_project("demo"), TEXT, "talks.txt")
    make_user("rita", "reviewer")
    given = {"alice": ["AGAINST", "FAVOR", "NONE"], "bob": ["AGAINST", "FAVOR", "FAVOR"]}
    for name, values in given.items():
        user = make_user(name, "annotator")
        assign(document, user)
        headers = make_token(user)
        for sentence, value in enumerate(values):
            answer = client.put(
                f"/api/v1/documents/{document.id}/labels",
                json={"sentence": sentence, "name": "stance", "value": value},
                headers=headers,
            )
            assert answer.status_code == 200, answer.get_json()
        span = {"label": "CLAIM", "start": 0, "end": 9}
        answer = client.post(f"/api/v1/documents/{document.id}/spans", json=span, headers=headers)
        assert answer.status_code == 201, answer.get_json()
    login(client, "rita")
    # Their layers are in progress: the page's own default counts finished work only.
    html = client.get("/projects/demo/agreement?status=all").get_data(as_text=True)
    chart = _chart(html, "Label agreement per field")
    # Each row's name, in full in its <title> (drawn on one or two lines beside it).
    rows = re.findall(r'<text class="row-name"[^>]*><title>([^<]+)</title>', chart)
    assert rows == ["stance"]
    assert "–</text>" not in chart
    assert "alpha ordinal" not in chart  # stance is not ordinal: no bar of that series
    assert "alpha nominal" in chart and "% agreement" in chart
    note = re.sub(r"<[^>]+>|\s+", " ", chart.split("</svg>")[1]).strip()
    assert note == (
        "No figure for checkworthiness, bias, opinion, document:genre: no sentence or document"
        " has values from two annotators."
    )
    spans = _chart(html, "Span agreement per label")
    assert "–</text>" not in spans
    note = re.sub(r"<[^>]+>|\s+", " ", spans.split("</svg>")[1]).strip()
    assert note == (
        "No figure for SOURCE, CUE, BIASED_WORD: not marked on any document that two"
        " annotators worked on."
    )
