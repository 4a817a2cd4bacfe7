"""The collector paused over a bulk read comes back on, whatever happens inside."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from annotator.core.collector import collector_paused
from tests.review_world import build_disagreement


@pytest.fixture(autouse=True)
def collector_on() -> Iterator[None]:
    gc.enable()
    yield
    gc.enable()


def test_the_collector_is_off_inside_and_on_after() -> None:
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():  # nested: still off, and on only once the outer block ends
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_an_error_inside_turns_it_back_on() -> None:
    with pytest.raises(ZeroDivisionError), collector_paused():
        1 / 0  # noqa: B018
    assert gc.isenabled()


def test_a_collector_found_off_stays_off() -> None:
    gc.disable()
    with collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_the_review_list_leaves_the_collector_on(  # noqa: PLR0913
    client,
    session,
    make_user,
    make_project,
    make_document,
    assign,
    make_token,  # noqa: ANN001
) -> None:
    world = build_disagreement(session, make_user, make_project, make_document, assign)
    session.commit()
    headers = make_token(world["users"]["rita"])
    answer = client.get("/api/v1/projects/demo/review", headers=headers)
    assert answer.status_code == 200 and answer.get_json()["documents"]
    assert gc.isenabled()
