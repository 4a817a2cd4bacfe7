"""How counts are said: one rule, in the singular for one and the plural otherwise."""

from __future__ import annotations

import pytest

from annotator.core.wording import CountedPhrase, counted, listed, open_numbers_said


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


@pytest.mark.parametrize(
    ("runs", "count", "last", "said"),
    [
        ([], 0, 0, "this project has no document you can open"),
        ([(7, 7)], 1, 7, "this project has one document you can open, number 7"),
        ([(1, 2)], 2, 2, "this project has documents 1 and 2 you can open"),
        ([(1, 40)], 40, 40, "this project has documents 1 to 40 you can open"),
        (
            [(1, 12), (14, 14), (20, 31)],
            25,
            31,
            "this project has documents 1 to 12, 14 and 20 to 31 you can open",
        ),
        (
            [(1, 1), (3, 3), (5, 5), (7, 7), (9, 9)],
            9,
            17,
            "this project has 9 documents you can open, numbered from 1 to 17 with gaps"
            " (the project page lists them)",
        ),
    ],
)
def test_the_numbers_one_can_open_are_said_as_runs(
    runs: list[tuple[int, int]], count: int, last: int, said: str
) -> None:
    assert open_numbers_said(runs, count, last) == said
