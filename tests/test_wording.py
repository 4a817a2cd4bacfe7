"""How counts are said: one rule, in the singular for one and the plural otherwise."""

from __future__ import annotations

import pytest

from annotator.core.wording import CountedPhrase, counted, listed


@pytest.mark.parametrize(
    ("count", "said"), [(0, "0 documents"), (1, "1 document"), (2, "2 documents")]
)
def test_a_count_takes_the_number_that_fits(count: int, said: str) -> None:
    assert counted(count, "document") == said


def test_an_irregular_plural_is_given() -> None:
    assert counted(1, "entry", "entries") == "1 entry"
    assert counted(3, "entry", "entries") == "3 entries"


def test_a_phrase_with_its_verb_is_said_whole_in_the_number_that_fits() -> None:
    left_out = CountedPhrase(
        "span left out because it covers no token", "spans left out because they cover no token"
    )
    assert left_out.said(1) == "1 span left out because it covers no token"
    assert left_out.said(2) == "2 spans left out because they cover no token"


def test_templates_say_counts_through_the_same_rule(app) -> None:  # noqa: ANN001
    template = app.jinja_env.from_string('{{ n | counted("change") }}')
    assert [template.render(n=n) for n in (1, 5)] == ["1 change", "5 changes"]


@pytest.mark.parametrize(
    ("names", "joined"),
    [
        ([], "none"),
        (["CLAIM"], "CLAIM"),
        (["CLAIM", "SOURCE"], "CLAIM and SOURCE"),
        (["CLAIM", "SOURCE", "CUE"], "CLAIM, SOURCE and CUE"),
    ],
)
def test_names_are_listed_as_words(names: list[str], joined: str) -> None:
    assert listed(names) == joined


def test_alternatives_are_listed_with_or() -> None:
    assert listed(["FAVOR", "AGAINST", "NONE"], "or") == "FAVOR, AGAINST or NONE"
