"""The Label Studio labeling config made from a project's schema (pure: no app).

Checked tag by tag against the seeds' schema, its XML escaping, and the schemas one Label
Studio control per name cannot hold, refused naming both entries.
"""

from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from annotator.core.errors import Invalid
from annotator.core.formats.labelstudio_config import labeling_config
from annotator.core.label_schema import validate_schema
from tests.conftest import SEED_SCHEMA


def _config(schema: dict[str, Any]) -> ET.Element:
    return ET.fromstring(labeling_config(validate_schema(schema)))


def _choices(view: ET.Element) -> dict[str, ET.Element]:
    return {c.get("name"): c for c in view.iter("Choices")}  # type: ignore[misc]


def _values(control: ET.Element) -> list[str | None]:
    return [c.get("value") for c in control]


def test_the_seed_schemas_config_holds_every_label_relation_and_field_by_its_tasks_names() -> None:
    view = _config(SEED_SCHEMA)
    assert view.tag == "View"
    (labels,) = view.iter("Labels")
    assert (labels.get("name"), labels.get("toName")) == ("label", "text")
    assert [(x.get("value"), x.get("background"), x.get("hotkey")) for x in labels] == [
        (x["name"], x["color"], x["key"]) for x in SEED_SCHEMA["span_labels"]
    ]
    assert labels[0].get("hint") == SEED_SCHEMA["span_labels"][0]["description"]
    (text,) = view.iter("Text")
    assert (text.get("name"), text.get("value")) == ("text", "$text")
    (relations,) = view.iter("Relations")
    assert [r.get("value") for r in relations] == ["ATTRIBUTED_TO", "CUED_BY"]

    controls = _choices(view)
    fields = SEED_SCHEMA["sentence_labels"] + SEED_SCHEMA["document_labels"]
    assert list(controls) == ["claimer", "type"] + [f["name"] for f in fields]
    for control in controls.values():
        assert (control.get("toName"), control.get("choice")) == ("text", "single")
    claimer, kind = controls["claimer"], controls["type"]
    assert _values(claimer) == ["REPORTED", "JOURNALIST"]
    assert _values(kind) == ["LEXICAL", "INFORMATIONAL"]
    for control, label in ((claimer, "CLAIM"), (kind, "BIASED_WORD")):
        assert control.get("perRegion") == "true"
        assert control.get("visibleWhen") == "region-selected"
        assert control.get("whenLabelValue") == label
    for field in SEED_SCHEMA["sentence_labels"]:
        control = controls[field["name"]]
        assert (_values(control), control.get("perRegion")) == (field["values"], "true")
        assert control.get("visibleWhen") is None
    genre = controls["genre"]
    assert _values(genre) == SEED_SCHEMA["document_labels"][0]["values"]
    assert genre.get("perRegion") is None
    # A region's controls, with their heading, show while a region (of their label) is
    # selected; the document's always, below the text.
    parents = {child: parent for parent in view.iter() for child in parent}
    for name, label in [("claimer", "CLAIM"), ("type", "BIASED_WORD"), ("stance", None)]:
        box = parents[controls[name]]
        assert (box.tag, box.get("visibleWhen"), box.get("whenLabelValue")) == (
            "View",
            "region-selected",
            label,
        )
        assert [child.tag for child in box] == ["Header", "Choices"]
        assert box[0].get("value", "").startswith(f"{name}")
    assert (
        parents[controls["stance"]][0]
        .get("value", "")
        .startswith("stance (target: Russian foreign policy): The sentence's stance")
    )
    children = list(view)
    assert parents[genre] is view
    assert children[children.index(genre) - 1].get("value") == (
        "genre: " + SEED_SCHEMA["document_labels"][0]["description"]
    )


def test_a_multi_valued_field_or_attribute_is_a_multiple_choice() -> None:
    schema = copy.deepcopy(SEED_SCHEMA)
    schema["document_labels"][0]["multiple"] = True
    schema["span_labels"][0]["attributes"][0]["multiple"] = True
    controls = _choices(_config(schema))
    assert controls["genre"].get("choice") == "multiple"
    assert controls["claimer"].get("choice") == "multiple"
    assert controls["stance"].get("choice") == "single"


def test_a_required_document_field_is_required_and_a_sentence_field_says_so_in_its_header() -> None:
    """Label Studio's ``required="true"`` on a per-region control asks a value of every
    region, a span's too: a required sentence field says it in its heading instead."""
    assert "required" not in labeling_config(validate_schema(SEED_SCHEMA))
    schema = copy.deepcopy(SEED_SCHEMA)
    schema["document_labels"][0]["required"] = True
    next(f for f in schema["sentence_labels"] if f["name"] == "stance")["required"] = True
    view = _config(schema)
    controls = _choices(view)
    assert controls["genre"].get("required") == "true"
    assert controls["stance"].get("required") is None
    assert controls["claimer"].get("required") is None
    headers = [h.get("value") or "" for h in view.iter("Header")]
    (stance,) = [h for h in headers if h.startswith("stance")]
    assert stance.endswith(" (required on every sentence)")
    assert not any("required" in h for h in headers if not h.startswith("stance"))


def test_quotes_ampersands_angle_brackets_and_emoji_are_escaped_and_read_back() -> None:
    odd = '"Pro" & <anti> 😀'
    schema = copy.deepcopy(SEED_SCHEMA)
    schema["sentence_labels"][1]["values"] = [odd, "NONE"]
    schema["sentence_labels"][1]["keys"] = ["f", "n"]
    schema["sentence_labels"][1]["target"] = 'the "deal" & <others>'
    schema["span_labels"][0]["description"] = "a <b>claim</b> & more"
    text = labeling_config(validate_schema(schema))
    assert '<Choice value="&quot;Pro&quot; &amp; &lt;anti&gt; 😀" />' in text
    assert 'hint="a &lt;b&gt;claim&lt;/b&gt; &amp; more"' in text
    assert "<b>" not in text and '"Pro"' not in text
    view = ET.fromstring(text)
    assert _values(_choices(view)["stance"]) == [odd, "NONE"]
    headings = [h.get("value") for h in view.iter("Header")]
    assert 'stance (target: the "deal" & <others>): ' in "".join(map(str, headings))


def test_an_attribute_shared_by_two_labels_is_one_control_shown_for_either() -> None:
    schema = copy.deepcopy(SEED_SCHEMA)
    schema["span_labels"][0]["attributes"].append(
        {"name": "type", "values": ["FACT", "LEXICAL"], "multiple": True}
    )
    controls = _choices(_config(schema))
    shared = controls["type"]
    assert _values(shared) == ["FACT", "LEXICAL", "INFORMATIONAL"]
    assert shared.get("choice") == "multiple"
    assert shared.get("visibleWhen") == "region-selected"
    assert shared.get("whenLabelValue") is None  # either label's region
    view = _config(schema)
    (box,) = [v for v in view.iter("View") if v.find("Choices[@name='type']") is not None]
    assert box.get("whenLabelValue") is None
    assert box[0].get("value") == "type"  # two descriptions: the name alone


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (
            lambda s: s["sentence_labels"].append({"name": "claimer", "values": ["A"]}),
            "sentence label field 'claimer': its results are named 'claimer', as are those of "
            "attribute 'claimer' of span label 'CLAIM'",
        ),
        (
            lambda s: s["document_labels"].append({"name": "stance", "values": ["A"]}),
            "document label field 'stance': its results are named 'stance', as are those of "
            "sentence label field 'stance'",
        ),
        (
            lambda s: s["document_labels"].append({"name": "label", "values": ["A"]}),
            "document label field 'label': its results are named 'label', as are those of "
            "the span labels",
        ),
        (
            lambda s: s["span_labels"][1].update(attributes=[{"name": "text", "values": ["A"]}]),
            "attribute 'text' of span label 'SOURCE': its results are named 'text', as are "
            "those of the document's text",
        ),
    ],
    ids=["field-vs-attribute", "document-vs-sentence", "label", "text"],
)
def test_two_kinds_of_entry_under_one_name_are_refused_naming_both(change: Any, said: str) -> None:
    schema = copy.deepcopy(SEED_SCHEMA)
    change(schema)
    with pytest.raises(Invalid, match=re.escape(said)) as refused:
        labeling_config(validate_schema(schema))
    assert "export the labelstudio format (tasks only)" in refused.value.message


def test_a_control_character_xml_cannot_hold_is_refused_naming_it() -> None:
    schema = copy.deepcopy(SEED_SCHEMA)
    schema["document_labels"][0]["values"].append("bell\x07")
    with pytest.raises(Invalid, match=r"control character U\+0007"):
        labeling_config(validate_schema(schema))
