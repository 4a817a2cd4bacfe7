"""The report's intervals resample documents, and say so: JSON, CSV, page and OpenAPI.

alice, bob and carol label every sentence of twelve documents of four sentences (field
"stance") and each document's genre: one document's sentences are all agreed, the next's all
split, and so on, so the sentences of one document move together.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import numpy as np
import pytest

from annotator.core.agreement.bootstrap import bootstrap_intervals
from annotator.services.annotation.labels import set_label
from annotator.services.annotation.layers import open_layer
from tests.extras import need
from tests.helpers import login

SCHEMA: dict[str, Any] = {
    "name": "Stance by document",
    "span_labels": [{"name": "CLAIM", "key": "c"}],
    "sentence_labels": [{"name": "stance", "values": ["FAVOR", "AGAINST", "NONE"]}],
    "document_labels": [{"name": "genre", "values": ["NEWS", "OPINION"]}],
}
TEXT = "One is here.\n\nTwo is there.\n\nThree comes next.\n\nFour is last."
STANCES = ("FAVOR", "AGAINST", "NONE")
CODERS = ("alice", "bob", "carol")
DOCUMENTS = 12


def _stance(doc: int, sentence: int, coder: int) -> str:
    """Even documents: all three agree on every sentence; odd ones: all three differ."""
    if doc % 2 == 0:
        return STANCES[(doc + sentence) % 3]
    return STANCES[(sentence + coder) % 3]


@pytest.fixture
def world(session, make_world) -> dict[str, Any]:
    people = {name: "annotator" for name in CODERS} | {"rita": "reviewer"}
    docs = {f"d{doc}": (TEXT, f"d{doc}") for doc in range(DOCUMENTS)}
    made = make_world(people, slug="stances", schema=SCHEMA, **docs)
    for doc in range(DOCUMENTS):
        document = getattr(made, f"d{doc}")
        for coder, name in enumerate(CODERS):
            layer = open_layer(session, getattr(made, name), document, None)
            for sentence in range(4):
                set_label(session, layer, sentence, "stance", _stance(doc, sentence, coder))
            genre = "NEWS" if doc % 3 else ("NEWS", "OPINION", "OPINION")[coder]
            set_label(session, layer, None, "genre", genre)
    session.commit()
    return {"project": made.project, "rita": made.tokens["rita"]}


def _stance_matrix() -> tuple[np.ndarray, np.ndarray]:
    """The same data as coders x sentences of value codes, with each sentence's document."""
    codes = {s: float(i) for i, s in enumerate(STANCES)}
    x = np.array(
        [
            [
                codes[_stance(doc, sentence, coder)]
                for doc in range(DOCUMENTS)
                for sentence in range(4)
            ]
            for coder in range(3)
        ]
    )
    return x, np.repeat(np.arange(DOCUMENTS), 4)


def _report(client: Any, headers: dict[str, str]) -> dict[str, Any]:
    response = client.get("/api/v1/projects/stances/agreement", headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_a_sentence_fields_intervals_resample_documents(client, world) -> None:
    report = _report(client, world["rita"])
    stance = report["labels"]["stance"]
    x, docs = _stance_matrix()
    expected = bootstrap_intervals(x, documents=docs)
    for name in ("alpha_nominal", "fleiss_kappa"):
        interval = stance["intervals"][name]
        assert interval["resampled"] == "documents"
        assert interval["low"] == pytest.approx(expected[name].low)
        assert interval["high"] == pytest.approx(expected[name].high)
        assert interval["low"] < stance[name] < interval["high"]
    # Wider than resampling sentences one by one: they are not independent here.
    by_units = bootstrap_intervals(x)["alpha_nominal"]
    alpha = stance["intervals"]["alpha_nominal"]
    assert alpha["high"] - alpha["low"] > 1.5 * (by_units.high - by_units.low)
    # A document field: one unit per document, so resampling documents is resampling units.
    genre = report["labels"]["document:genre"]["intervals"]["alpha_nominal"]
    assert genre["resampled"] == "documents"
    assert "documents" in report["intervals"]["method"]


def test_the_csv_names_the_resampling_beside_the_bounds(client, world) -> None:
    response = client.get("/api/v1/projects/stances/agreement?format=csv", headers=world["rita"])
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    found = {r["metric"]: r["value"] for r in rows if r["item"] == "stance" and not r["pair"]}
    assert found["alpha_nominal_resampled"] == "documents"
    assert found["fleiss_kappa_resampled"] == "documents"
    assert float(found["fleiss_kappa_low"]) < float(found["fleiss_kappa"])
    metrics = [r["metric"] for r in rows if r["item"] == "stance" and not r["pair"]]
    low = metrics.index("alpha_nominal_low")
    assert metrics[low : low + 3] == [
        "alpha_nominal_low",
        "alpha_nominal_high",
        "alpha_nominal_resampled",
    ]


def test_the_page_shows_both_intervals_and_what_was_resampled(client, make_user, world) -> None:
    login(client, "rita")
    page = client.get("/projects/stances/agreement?status=all").get_data(as_text=True)
    stance = _report(client, world["rita"])["labels"]["stance"]
    row = re.search(r"<tr[^>]*><th[^>]*>stance</th>.*?</tr>", page, re.S)
    assert row is not None
    cells = dict(re.findall(r'data-label="([^"]+)"[^>]*>(.*?)</td>', row.group(0), re.S))
    for label, name in (
        ("α nominal (95 % CI)", "alpha_nominal"),
        ("Fleiss κ (95 % CI)", "fleiss_kappa"),
    ):
        interval = stance["intervals"][name]
        assert f"{interval['low']:.3f} to {interval['high']:.3f}" in cells[label]
        assert "documents resampled" in cells[label]
    assert "interval is in the JSON and CSV" not in page


def test_the_report_matches_its_openapi_description(client, world) -> None:
    validators = need("openapi_schema_validator")
    from jsonschema import ValidationError  # openapi_schema_validator's own dependency

    description = client.get("/api/v1/openapi.json").get_json()
    answer = description["paths"]["/projects/{slug}/agreement"]["get"]["responses"]["200"]
    schema = {
        **answer["content"]["application/json"]["schema"],
        "components": description["components"],
    }
    field = schema["properties"]["labels"]["additionalProperties"]["properties"]
    interval = field["intervals"]["additionalProperties"]
    assert interval["properties"]["resampled"]["enum"] == ["units", "documents"]
    body = _report(client, world["rita"])
    validators.validate(body, schema, cls=validators.OAS31Validator)
    body["labels"]["stance"]["intervals"]["alpha_nominal"]["resampled"] = "sentences"
    with pytest.raises(ValidationError, match="'sentences' is not one of"):
        validators.validate(body, schema, cls=validators.OAS31Validator)
    del body["labels"]["stance"]["intervals"]["alpha_nominal"]["resampled"]
    with pytest.raises(ValidationError, match="'resampled' is a required property"):
        validators.validate(body, schema, cls=validators.OAS31Validator)
