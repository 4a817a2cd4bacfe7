"""The agreement report limited to layers of one assignment status (``status``, as exports'):
``done`` leaves out a half-done layer, which the default report counts (in progress and done,
unchanged), and gold is kept.

alice and bob marked "d1" alike and done. On "d2" alice is done and bob, in progress, marked
another span: the default report compares both documents, ``status=done`` only "d1".
"""

from __future__ import annotations

from typing import Any

import pytest

from annotator.core.errors import Malformed
from annotator.services.agreement.report import agreement_report
from annotator.services.annotation.labels import set_status
from annotator.services.annotation.layers import open_layer
from annotator.services.annotation.spans import add_span
from tests.helpers import login, review_team

TEXT = "Officials said the talks failed.\n\nMoscow denied it strongly."


@pytest.fixture
def world(session, make_user, make_token, make_project, make_document, assign) -> dict[str, Any]:
    project = make_project("demo")
    docs = [make_document(project, TEXT, external_id=f"d{i}") for i in (1, 2)]
    users = review_team(make_user, assign, *docs)
    for doc in docs:
        for name in ("alice", "bob"):
            start = 19 if (name, doc.external_id) == ("bob", "d2") else 15
            add_span(session, open_layer(session, users[name], doc, None), "CLAIM", start, 31)
        set_status(session, users["alice"], doc, "done")
    set_status(session, users["bob"], docs[0], "done")
    set_status(session, users["bob"], docs[1], "in_progress")
    session.commit()
    return {"project": project, "rita": make_token(users["rita"])}


def _claim_f1(report: dict[str, Any]) -> float:
    return float(report["spans"]["CLAIM"]["f1_exact"])


def test_the_default_counts_the_layer_in_progress(session, world) -> None:
    report = agreement_report(session, world["project"])
    assert report["documents_compared"] == 2
    assert _claim_f1(report) == pytest.approx(0.5)


def test_status_done_leaves_out_the_layer_in_progress(session, world) -> None:
    report = agreement_report(session, world["project"], status="done")
    assert report["documents_compared"] == 1
    assert report["documents"] == 2  # d2 is alice's alone now
    assert _claim_f1(report) == pytest.approx(1.0)


def test_an_unknown_status_is_refused_naming_the_choices(session, world) -> None:
    with pytest.raises(Malformed, match="status must be one of new, in_progress, done, skipped"):
        agreement_report(session, world["project"], status="finished")


def test_api_and_cli_take_status(client, runner, world) -> None:
    url = "/api/v1/projects/demo/agreement"
    assert client.get(url, headers=world["rita"]).get_json()["documents_compared"] == 2
    done = client.get(f"{url}?status=done", headers=world["rita"])
    assert done.get_json()["documents_compared"] == 1
    bad = client.get(f"{url}?status=finished", headers=world["rita"])
    assert bad.status_code == 400
    assert "status must be one of" in bad.get_json()["error"]["message"]
    result = runner.invoke(args=["agreement", "demo", "--json", "--status", "done"])
    assert result.exit_code == 0, result.output
    assert '"documents_compared": 1' in result.output


def test_the_page_filters_by_status(client, world) -> None:
    login(client, "rita")
    page = client.get("/projects/demo/agreement?status=done").get_data(as_text=True)
    text = " ".join(page.split())
    assert "2 documents, 1 annotated by two or more" in text
    assert '<option value="done" selected>' in page
    assert "status=done" in page  # the CSV download keeps the filter
    bad = client.get("/projects/demo/agreement?status=finished")
    assert bad.status_code == 422
    assert 'id="status-errors">status must be one of' in bad.get_data(as_text=True)
    every = " ".join(
        client.get("/projects/demo/agreement?status=all").get_data(as_text=True).split()
    )
    assert "2 documents, 2 annotated by two or more" in every
    assert '<option value="all" selected>' in every
    # The page opens on finished work (the CLI and the API count layers in progress too).
    default = client.get("/projects/demo/agreement").get_data(as_text=True)
    assert "2 documents, 1 annotated by two or more" in " ".join(default.split())
    assert '<option value="done" selected>' in default
