"""A multi-valued label field in the agreement report: alpha with the MASI distance and the
agreement on each value, read from the database, in the JSON, the CSV, the CLI and the page.

alice and bob label three sentences with sets of bias types: ({framing, loaded}, {framing}),
({framing}, {framing}), ({loaded}, {framing, loaded}). Worked by hand in
tests/test_agreement_sets.py: alpha MASI 0.2, alpha nominal (sets as categories) 1/11; framing
alpha 0, loaded 4/9; spin chosen by no one.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from annotator.services.agreement.report import agreement_report
from annotator.services.annotation.labels import set_label
from annotator.services.annotation.layers import open_layer
from annotator.services.annotation.spans import add_span
from tests.extras import need
from tests.helpers import login, review_team

SCHEMA: dict[str, Any] = {
    "name": "Bias types",
    "span_labels": [
        {
            "name": "CLAIM",
            "key": "c",
            "attributes": [
                {"name": "bias", "values": ["framing", "loaded", "spin"], "multiple": True},
                {"name": "certainty", "values": ["HIGH", "LOW"]},
            ],
        }
    ],
    "sentence_labels": [
        {"name": "bias", "values": ["framing", "loaded", "spin"], "multiple": True},
        {"name": "stance", "values": ["FAVOR", "AGAINST"]},
    ],
}
TEXT = "First sentence here.\n\nSecond one there.\n\nThird and last."
SETS = {
    "alice": [["framing", "loaded"], ["framing"], ["loaded"]],
    "bob": [["framing"], ["framing"], ["loaded", "framing"]],
}


@pytest.fixture
def world(session, make_user, make_token, make_project, make_document, assign) -> dict[str, Any]:
    project = make_project("bias", SCHEMA)
    doc = make_document(project, TEXT, external_id="d1")
    users = review_team(make_user, assign, doc)
    for name, sets in SETS.items():
        layer = open_layer(session, users[name], doc, None)
        for sentence, values in enumerate(sets):
            set_label(session, layer, sentence, "bias", values)
            # The same sets on a claim in each sentence: both mark it, so the spans match.
            start = TEXT.index(["First", "Second", "Third"][sentence])
            add_span(session, layer, "CLAIM", start, start + 5, {"bias": values})
        set_label(session, layer, 0, "stance", "FAVOR")
    session.commit()
    return {"project": project, "rita": make_token(users["rita"])}


def test_a_multi_valued_field_reports_masi_alpha_and_each_value(session, world) -> None:
    labels = agreement_report(session, world["project"])["labels"]
    bias = labels["bias"]
    assert bias["alpha_masi"] == pytest.approx(0.2)
    assert bias["alpha_nominal"] == pytest.approx(1 / 11)  # the set-as-category figure stays
    framing, loaded, spin = (bias["per_value"][v] for v in ("framing", "loaded", "spin"))
    assert framing["alpha_nominal"] == pytest.approx(0.0)
    assert loaded["alpha_nominal"] == pytest.approx(4 / 9)
    assert (framing["marked"], framing["units_marked"], framing["units_unanimous"]) == (5, 3, 2)
    assert (loaded["marked"], loaded["units_marked"], loaded["units_unanimous"]) == (3, 2, 1)
    assert (spin["marked"], spin["alpha_nominal"]) == (0, None)
    assert list(bias["per_value"]) == ["framing", "loaded", "spin"]  # the schema's order
    # A single-valued field has neither: a set of one value is the plain category.
    assert "alpha_masi" not in labels["stance"]
    assert "per_value" not in labels["stance"]


def test_a_multi_valued_span_attribute_has_the_same_figures(session, world) -> None:
    """Units are the matched claims, pooled over pairs: the same sets, the same figures."""
    attributes = agreement_report(session, world["project"])["attributes"]
    bias = attributes["CLAIM.bias"]
    assert bias["matched_spans"] == 3
    assert bias["alpha_masi"] == pytest.approx(0.2)
    assert bias["alpha_nominal"] == pytest.approx(1 / 11)
    assert bias["per_value"]["loaded"]["alpha_nominal"] == pytest.approx(4 / 9)
    assert bias["per_value"]["framing"]["units_unanimous"] == 2
    assert "alpha_masi" not in attributes["CLAIM.certainty"]


def test_api_csv_and_cli_carry_the_new_figures(client, runner, world) -> None:
    body = client.get("/api/v1/projects/bias/agreement", headers=world["rita"]).get_json()
    assert body["labels"]["bias"]["alpha_masi"] == pytest.approx(0.2)
    assert body["labels"]["bias"]["per_value"]["loaded"]["units_marked"] == 2
    login(client, "rita")
    download = client.get("/projects/bias/agreement.csv?status=all")  # layers in progress
    rows = list(csv.reader(io.StringIO(download.get_data(as_text=True))))
    masi = [r[4] for r in rows if r[:4] == ["labels", "bias", "", "alpha_masi"]]
    assert [float(x) for x in masi] == [pytest.approx(0.2)]
    loaded = {r[3]: r[4] for r in rows if r[:2] == ["label_values", "bias=loaded"]}
    assert float(loaded["alpha_nominal"]) == pytest.approx(4 / 9)
    assert loaded["units_unanimous"] == "1"
    assert not [r for r in rows if r[3] == "per_value"]  # no dict printed into a cell
    spin = {r[3]: r[4] for r in rows if r[:2] == ["attribute_values", "CLAIM.bias=spin"]}
    assert (spin["marked"], spin["alpha_nominal"]) == ("0", "")
    table = runner.invoke(args=["agreement", "bias"])
    assert table.exit_code == 0, table.output
    assert "alpha_masi" in table.output
    assert "bias=framing" in table.output


def test_the_page_shows_masi_alpha_and_a_row_per_value(client, world) -> None:
    login(client, "rita")
    page = client.get("/projects/bias/agreement?status=all").get_data(as_text=True)
    text = " ".join(page.split())
    assert 'data-label="α MASI" class="num">0.200<' in text
    assert 'id="label-values"' in page
    assert '<th scope="row" role="rowheader">bias = loaded</th>' in text
    assert '<th scope="row" role="rowheader">CLAIM.bias = loaded</th>' in text


def test_the_report_with_set_figures_matches_its_openapi_description(client, world) -> None:
    validators = need("openapi_schema_validator")
    from jsonschema import ValidationError  # openapi_schema_validator's own dependency

    description = client.get("/api/v1/openapi.json").get_json()
    answer = description["paths"]["/projects/{slug}/agreement"]["get"]["responses"]["200"]
    schema = {
        **answer["content"]["application/json"]["schema"],
        "components": description["components"],
    }
    labels = schema["properties"]["labels"]["additionalProperties"]["properties"]
    assert {"alpha_masi", "per_value"} <= set(labels)
    attributes = schema["properties"]["attributes"]["additionalProperties"]["properties"]
    assert {"alpha_masi", "per_value"} <= set(attributes)
    body = client.get("/api/v1/projects/bias/agreement", headers=world["rita"]).get_json()
    validators.validate(body, schema, cls=validators.OAS31Validator)
    body["labels"]["bias"]["per_value"]["loaded"]["marked"] = "three"
    with pytest.raises(ValidationError, match="'three' is not of type 'integer'"):
        validators.validate(body, schema, cls=validators.OAS31Validator)


def test_without_a_multi_valued_field_the_page_has_no_masi_column(
    client, session, make_user, make_project, make_document, assign
) -> None:
    make_project("plain")  # the seed schema: no field or attribute takes sets
    make_user("rita", "reviewer")
    login(client, "rita")
    page = client.get("/projects/plain/agreement").get_data(as_text=True)
    assert "Labels</h2>" in page
    assert "α MASI" not in page
    assert 'id="label-values"' not in page
