"""One new model version when several real server processes are asked to train at once."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from annotator.core.label_schema import validate_schema
from annotator.db import get_sessionmaker
from annotator.models import AssistJob, AssistModel
from tests.assist_world import attribution_text, build_assist_world
from tests.extras import need

requests = need("requests")


@pytest.fixture
def world(session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any) -> Any:
    return build_assist_world(session, make_user, make_project, make_document, assign)


def _at_once(calls: list[Any]) -> list[Any]:
    """Run ``calls`` in threads released together; return their results in order."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(i: int) -> None:
        barrier.wait(timeout=30)
        results[i] = calls[i]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return results


def _state(app: Any, project_id: int) -> tuple[list[int], str | None]:
    with get_sessionmaker(app)() as own:
        versions = sorted(
            v for (v,) in own.query(AssistModel.version).filter_by(project_id=project_id)
        )
        job = own.get(AssistJob, project_id)
        return versions, None if job is None else job.claimed_by


def _post(url: str, headers: dict[str, str], **kwargs: Any) -> Any:
    with requests.Session() as http:
        http.trust_env = False
        return http.post(url, headers=headers, timeout=300, **kwargs)


@pytest.mark.server
def test_three_servers_asked_to_train_at_once_store_one_version(
    app: Any,
    world: Any,
    make_token: Any,
    live_server: Any,
) -> None:
    headers = make_token(world.reviewer)
    project_id = world.project.id
    servers = [live_server(workers=1) for _ in range(3)]
    answers = _at_once(
        [
            (lambda s=s: _post(f"{s.url}/api/v1/projects/assist/assist/train", headers))
            for s in servers
        ]
    )
    codes = sorted(answer.status_code for answer in answers)
    assert codes.count(201) == 1 and set(codes) <= {200, 201, 409}, codes
    assert _state(app, project_id) == ([1], None)


@pytest.mark.server
def test_gold_written_through_two_servers_at_once_trains_one_version_in_the_background(
    app: Any,
    session: Any,
    world: Any,
    make_document: Any,
    make_token: Any,
    live_server: Any,
) -> None:
    world.project.schema = validate_schema({**world.project.schema, "train_every": 2})
    session.commit()
    headers = make_token(world.reviewer)
    text, spans = attribution_text([("Ola Berg", "warned", "the dam may break")] * 2)
    # Ids read here: in the threads, the test's session would begin a transaction of its own.
    ids = [make_document(world.project, f"{text} ({n})", f"new-{n}").id for n in range(2)]
    project_id = world.project.id
    servers = [live_server(workers=1) for _ in range(2)]
    label, start, end = spans[0]
    answers = _at_once(
        [
            (
                lambda s=s, d=d: _post(
                    f"{s.url}/api/v1/documents/{d}/spans?layer=gold",
                    headers,
                    json={"label": label, "start": start, "end": end},
                )
            )
            for s, d in zip(servers, ids, strict=True)
        ]
    )
    # Neither request waited for the training it started (which takes seconds): when both
    # have answered, no model is stored yet.
    assert _state(app, project_id)[0] == []
    assert [a.status_code for a in answers] == [201, 201]
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        versions, claimed = _state(app, project_id)
        if versions and claimed is None:
            break
        time.sleep(0.2)
    time.sleep(2)  # the other server's job, if it came late, finds nothing due
    assert _state(app, project_id) == ([1], None)
