"""The agreement report end to end: ratings in through the HTTP API, figures out by API and CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

VECTORS = {
    v["id"]: v
    for v in json.loads(
        (Path(__file__).parent / "data" / "agreement_vectors.json").read_text(encoding="utf-8")
    )
}
CODERS = ["ann1", "ann2", "ann3", "ann4", "ann5"]
SCHEMA: dict[str, Any] = {
    "name": "Ratings",
    "span_labels": [{"name": "CLAIM", "key": "c"}],
    "sentence_labels": [
        {"name": "rating", "values": ["1", "2", "3", "4"]},
        {"name": "severity", "values": ["0", "1", "2", "3"], "ordinal": True},
    ],
    "document_labels": [{"name": "genre", "values": ["NEWS", "OPINION"]}],
}


def _build(client, make_user, make_token, make_project, make_document, assign, ordinal):
    """Five annotators label the sentences of one document through PUT .../labels."""
    project = make_project("ratings", SCHEMA)
    text = "\n\n".join(f"Sentence number {i} is here." for i in range(40))
    document = make_document(project, text, external_id="rated")
    assert len(document.sentences) == 40
    users = {name: make_user(name, "annotator", None) for name in CODERS}
    headers = {name: make_token(user) for name, user in users.items()}
    headers["rita"] = make_token(make_user("rita", "reviewer", None))
    assign(document, *users.values())

    def put(name: str, sentence: int | None, field: str, value: Any) -> None:
        response = client.put(
            f"/api/v1/documents/{document.id}/labels",
            json={"sentence": sentence, "name": field, "value": value},
            headers=headers[name],
        )
        assert response.status_code == 200, response.get_json()

    # Krippendorff's nominal example (Wikipedia, 3 coders x 15 units) as field "rating".
    nominal = VECTORS["wikipedia_kalpha_3x15_nominal"]["data"]["values"]
    for name, row in zip(CODERS, nominal, strict=False):
        for unit, value in enumerate(row):
            if value is not None:
                put(name, unit, "rating", str(value))
    if ordinal:
        # Hayes & Krippendorff (2007), 5 observers x 40 units, ordinal, as field "severity".
        data = VECTORS["hayes_krippendorff2007_5x40_ordinal"]["data"]["values"]
        for name, row in zip(CODERS, data, strict=True):
            for unit, value in enumerate(row):
                if value is not None:
                    put(name, unit, "severity", str(value))
    return {"headers": headers, "document": document}


@pytest.fixture
def rated(client, make_user, make_token, make_project, make_document, assign) -> dict[str, Any]:
    """Both published examples: "rating" (3 coders x 15) and "severity" (5 x 40)."""
    return _build(client, make_user, make_token, make_project, make_document, assign, True)


@pytest.fixture
def rated_small(
    client, make_user, make_token, make_project, make_document, assign
) -> dict[str, Any]:
    """Only the 3 x 15 example, as field "rating": quicker to put in."""
    return _build(client, make_user, make_token, make_project, make_document, assign, False)


def _report(client: Any, headers: dict[str, str], query: str = "") -> dict[str, Any]:
    response = client.get(f"/api/v1/projects/ratings/agreement{query}", headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def _check_published(report: dict[str, Any]) -> None:
    rating, severity = report["labels"]["rating"], report["labels"]["severity"]
    nominal = VECTORS["wikipedia_kalpha_3x15_nominal"]
    assert rating["alpha_nominal"] == pytest.approx(nominal["expected"], abs=nominal["tolerance"])
    assert rating["units"] == 13  # units 2 and 14 have no value
    # unit 1 has one value only: not pairable, left out as Krippendorff defines
    assert rating["pairable_units"] == 12
    ordinal = VECTORS["hayes_krippendorff2007_5x40_ordinal"]
    assert severity["alpha_ordinal"] == pytest.approx(ordinal["expected"], abs=ordinal["tolerance"])
    hayes_nominal = VECTORS["hayes_krippendorff2007_5x40_nominal"]
    assert severity["alpha_nominal"] == pytest.approx(
        hayes_nominal["expected"], abs=hayes_nominal["tolerance"]
    )
    assert "alpha_ordinal" not in rating  # "rating" is not declared ordinal


def test_published_alpha_comes_back_from_the_api(client, rated) -> None:
    """Ratings of published examples put in as sentence labels give the published alphas."""
    report = _report(client, rated["headers"]["rita"])
    assert report["project"] == "ratings"
    assert report["annotators"] == CODERS
    assert report["documents"] == 1
    _check_published(report)
    # Fleiss' kappa needs the same number of ratings per unit: these units differ.
    assert report["labels"]["rating"]["fleiss_kappa"] is None
    assert set(report["labels"]["severity"]["cohen_kappa"]) == {
        f"{a}|{b}" for i, a in enumerate(CODERS) for b in CODERS[i + 1 :]
    }


def test_published_alpha_comes_back_from_the_cli(runner, rated) -> None:
    """`annotator agreement SLUG --json` prints the same report."""
    result = runner.invoke(args=["agreement", "ratings", "--json"])
    assert result.exit_code == 0, result.output
    _check_published(json.loads(result.output))


def test_cli_prints_a_table_and_csv(runner, rated_small) -> None:
    """Without --json the CLI prints one line per figure; --csv prints CSV rows."""
    table = runner.invoke(args=["agreement", "ratings"])
    assert table.exit_code == 0, table.output
    assert "3 annotators" in table.output
    assert any(
        line.split()[:4] == ["labels", "rating", "alpha_nominal", "0.6914"]
        for line in table.output.splitlines()
    )
    csv_out = runner.invoke(args=["agreement", "ratings", "--csv"])
    assert csv_out.output.splitlines()[0] == "section,item,pair,metric,value"
    assert "labels,rating,,alpha_nominal,0.691358024691358" in csv_out.output
    both = runner.invoke(args=["agreement", "ratings", "--json", "--csv"])
    assert both.exit_code == 2 and "give --json or --csv, not both" in both.stderr
    assert both.stdout == ""


def test_filters_narrow_the_annotators(client, rated_small, runner) -> None:
    """--annotators and ?annotators= compare only those; an unknown name is refused."""
    report = _report(client, rated_small["headers"]["rita"], "?annotators=ann1,ann2")
    assert report["annotators"] == ["ann1", "ann2"]
    assert set(report["labels"]["rating"]["cohen_kappa"]) == {"ann1|ann2"}
    rita = rated_small["headers"]["rita"]
    response = client.get("/api/v1/projects/ratings/agreement?annotators=nobody", headers=rita)
    assert response.status_code == 422
    assert "nobody" in response.get_json()["error"]["message"]
    result = runner.invoke(args=["agreement", "ratings", "--documents", "missing-doc"])
    assert result.exit_code != 0
    assert "missing-doc" in result.output


def test_annotators_may_not_read_the_report(client, rated_small) -> None:
    """Agreement is for reviewers and admins: an annotator gets 403, no credentials 401."""
    ann1 = rated_small["headers"]["ann1"]
    response = client.get("/api/v1/projects/ratings/agreement", headers=ann1)
    assert response.status_code == 403
    assert client.get("/api/v1/projects/ratings/agreement").status_code == 401
    missing = client.get("/api/v1/projects/nope/agreement", headers=rated_small["headers"]["rita"])
    assert missing.status_code == 404


def test_csv_download_over_the_api(client, rated_small) -> None:
    """?format=csv answers a CSV attachment with the same figures."""
    response = client.get(
        "/api/v1/projects/ratings/agreement?format=csv", headers=rated_small["headers"]["rita"]
    )
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert "labels,rating,,alpha_nominal,0.691358024691358" in response.get_data(as_text=True)
