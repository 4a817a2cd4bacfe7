"""The Hugging Face dataset card gives a multi-valued field's partial-credit figures.

The card gave a multi-valued field only its whole-set alpha (no partial credit), while the
report, page and CSV also give alpha with the MASI distance and each value's agreement: whoever
read the card saw the harshest figure alone. The card now has both, and a field without sets
keeps the table it had.
"""

from __future__ import annotations

from annotator.core.formats.hf_card_people import people_section

FRAMING = {
    "units": 8,
    "alpha_nominal": 0.2644,
    "alpha_masi": 0.3753,
    "fleiss_kappa": 0.25,
    "percent_agreement": 0.5,
    "per_value": {
        "LOADED": {"pairable_units": 8, "alpha_nominal": 0.7037, "percent_agreement": 0.8788},
        "FRAMING": {"pairable_units": 8, "alpha_nominal": None, "percent_agreement": 1.0},
    },
}
STANCE = {"units": 8, "alpha_nominal": 0.5, "fleiss_kappa": 0.5, "percent_agreement": 0.75}


def _card(labels: dict) -> str:
    agreement = {"documents_compared": 2, "labels": labels}
    return "\n".join(people_section(["alice", "bob", "carol"], agreement, {"span_labels": []}))


def test_a_multi_valued_field_has_its_masi_alpha_and_a_row_per_value() -> None:
    card = _card({"framing": FRAMING, "stance": STANCE})
    assert "| labels | units | Krippendorff's alpha | alpha (MASI) | Fleiss' kappa |" in card
    assert "| `framing` | 8 | 0.264 | 0.375 | 0.250 | 0.500 |" in card
    assert "| `stance` | 8 | 0.500 | n/a | 0.500 | 0.750 |" in card
    assert "| `framing` = `LOADED` | 8 | 0.704 | 0.879 |" in card
    assert "| `framing` = `FRAMING` | 8 | n/a | 1.000 |" in card


def test_without_sets_the_table_is_as_it_was() -> None:
    card = _card({"stance": STANCE})
    assert "MASI" not in card and "field = value" not in card
    assert "| `stance` | 8 | 0.500 | 0.500 | 0.750 |" in card
