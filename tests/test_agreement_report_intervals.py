"""The report's bootstrap intervals and coincidence matrices, by API, CLI and page."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import pytest
from sqlalchemy import select

from annotator.models import Project, User
from tests.helpers import login
from tests.test_agreement_report import VECTORS, _build, _report


@pytest.fixture
def rated_small(
    client, make_user, make_token, make_project, make_document, assign
) -> dict[str, Any]:
    """Wikipedia's 3 coders x 15 units as field "rating" (values "1" to "4")."""
    return _build(client, make_user, make_token, make_project, make_document, assign, False)


def test_the_api_gives_an_interval_around_alpha_and_says_how_it_was_drawn(
    client, rated_small
) -> None:
    report = _report(client, rated_small["headers"]["rita"])
    rating = report["labels"]["rating"]
    interval = rating["intervals"]["alpha_nominal"]
    assert interval["low"] < rating["alpha_nominal"] < interval["high"]
    assert interval["high"] <= 1
    # Units with 2 and 3 values: Fleiss' kappa is undefined, so is its interval.
    assert rating["fleiss_kappa"] is None and rating["intervals"]["fleiss_kappa"] is None
    assert report["intervals"]["resamples"] == 1000
    # One document: it cannot vary, so its sentences are resampled, and the interval says so.
    assert interval["resampled"] == "units"
    assert report["intervals"]["method"] == (
        "percentile bootstrap over documents (each with all its units), else over units"
    )
    assert "Hayes & Krippendorff (2007)" in report["intervals"]["reference"]
    # A fixed seed: the same interval every time.
    assert _report(client, rated_small["headers"]["rita"])["labels"]["rating"] == rating
    # No value in "severity": no alpha and no interval; its matrix is all zeros.
    severity = report["labels"]["severity"]
    assert severity["intervals"] == {"alpha_nominal": None, "fleiss_kappa": None}
    assert severity["coincidences"]["values"] == ["0", "1", "2", "3"]
    assert severity["coincidences"]["matrix"] == [[0] * 4] * 4


def test_the_api_gives_wikipedias_coincidence_matrix_in_schema_order(client, rated_small) -> None:
    """The hand-derived matrix of tests/test_agreement_intervals.py, through the database."""
    coincidences = _report(client, rated_small["headers"]["rita"])["labels"]["rating"][
        "coincidences"
    ]
    assert coincidences["values"] == ["1", "2", "3", "4"]
    assert coincidences["matrix"] == [[6, 0, 1, 0], [0, 4, 0, 0], [1, 0, 7, 2], [0, 0, 2, 3]]
    # Coders A (ann1) and B (ann2) both valued units 6, 7 and 8: (3,3), (4,4), (1,3).
    # Rows ann1's values, columns ann2's.
    assert coincidences["pairs"]["ann1|ann2"] == [
        [0, 0, 1, 0],
        [0, 0, 0, 0],
        [0, 0, 1, 0],
        [0, 0, 0, 1],
    ]
    # ann4 and ann5 gave nothing: no table for their pairs.
    assert set(coincidences["pairs"]) == {"ann1|ann2", "ann1|ann3", "ann2|ann3"}


def test_the_csv_has_the_bounds_as_metrics(client, rated_small) -> None:
    response = client.get(
        "/api/v1/projects/ratings/agreement?format=csv", headers=rated_small["headers"]["rita"]
    )
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    found = {r["metric"]: r["value"] for r in rows if r["item"] == "rating" and not r["pair"]}
    assert float(found["alpha_nominal_low"]) < float(found["alpha_nominal"])
    assert float(found["alpha_nominal_high"]) > float(found["alpha_nominal"])
    assert found["fleiss_kappa_low"] == ""
    assert not any("{" in r["value"] for r in rows)  # no table crammed into a cell


def test_the_cli_prints_the_same_interval(client, runner, rated_small) -> None:
    result = runner.invoke(args=["agreement", "ratings", "--json"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)["labels"]["rating"]["intervals"]
    assert (
        printed == _report(client, rated_small["headers"]["rita"])["labels"]["rating"]["intervals"]
    )


def test_the_page_shows_the_interval_and_a_matrix_per_field(client, make_user, rated_small) -> None:
    make_user("rhea", "reviewer")
    login(client, "rhea")
    page = client.get("/projects/ratings/agreement?status=all").get_data(as_text=True)
    report = _report(client, rated_small["headers"]["rita"])
    interval = report["labels"]["rating"]["intervals"]["alpha_nominal"]
    assert f"{interval['low']:.3f} to {interval['high']:.3f}" in page
    # One document: its units were drawn, and the cell says so (not only the note below).
    row = re.search(r"<tr[^>]*><th[^>]*>rating</th>.*?</tr>", page, re.S)
    assert row is not None
    cells = dict(re.findall(r'data-label="([^"]+)"[^>]*>(.*?)</td>', row.group(0), re.S))
    assert "units resampled" in cells["α nominal (95 % CI)"]
    table = re.search(r'<table[^>]*id="coincidences-rating".*?</table>', page, re.S)
    assert table is not None
    first_row = table.group(0).split("<tbody>")[1].split("</tr>")[0]
    # Row "1", columns in schema order, then the row's total.
    assert re.findall(r"<td[^>]*>([^<]*)</td>", first_row) == ["6", "0", "1", "0", "7"]
    assert '<span class="matrix-long">4</span>' in table.group(0)
    assert "Hayes" in page and "1,000 resamples" in page
    assert VECTORS["wikipedia_kalpha_3x15_nominal"]["expected"] == 0.691


def test_an_interval_says_how_many_it_drew_from_and_the_page_calls_few_rough(
    client, session, make_user, make_document, assign, rated_small
) -> None:
    """``draws_from``: the documents (or units) each resample drew from; under 10, the page
    says the interval is rough (a team lead read "-0.250 to 0.545" as a bug)."""
    nominal = VECTORS["wikipedia_kalpha_3x15_nominal"]["data"]["values"]
    pairable = sum(sum(v is not None for v in unit) >= 2 for unit in zip(*nominal, strict=True))
    headers = rated_small["headers"]
    project = session.scalar(select(Project).where(Project.slug == "ratings"))
    documents = [rated_small["document"]] + [
        make_document(project, f"Another text, number {i}.", external_id=f"more-{i}")
        for i in range(2)
    ]
    coders = [session.scalar(select(User).where(User.username == n)) for n in ("ann1", "ann2")]
    for document in documents[1:]:
        assign(document, *coders)
    given = {"ann1": ["NEWS", "NEWS", "OPINION"], "ann2": ["NEWS", "OPINION", "OPINION"]}
    for name, values in given.items():
        for document, value in zip(documents, values, strict=True):
            response = client.put(
                f"/api/v1/documents/{document.id}/labels",
                json={"sentence": None, "name": "genre", "value": value},
                headers=headers[name],
            )
            assert response.status_code == 200, response.get_json()
    report = _report(client, headers["rita"])
    rating = report["labels"]["rating"]["intervals"]["alpha_nominal"]
    assert (rating["resampled"], rating["draws_from"]) == ("units", pairable)
    genre = report["labels"]["document:genre"]["intervals"]["alpha_nominal"]
    assert (genre["resampled"], genre["draws_from"]) == ("documents", 3)
    make_user("rhea", "reviewer")
    login(client, "rhea")
    page = client.get("/projects/ratings/agreement?status=all").get_data(as_text=True)
    assert "rough: only 3 documents to resample" in page
    said = "rough: only" in page.split('data-label="α nominal (95 % CI)"')[1].split("</td>")[0]
    assert said == (pairable < 10)
