"""Against gold, each label field says how many units match gold beside kappa, and why a
kappa is undefined.

tom matched gold exactly on document:bias and read "–" (both used one value only, so kappa is
undefined), while maria, who differed, read 0.000: kappa alone read backwards.
"""

from __future__ import annotations

import re
from typing import Any

from annotator.services.agreement.report import agreement_report
from annotator.services.agreement.table import report_csv
from annotator.services.annotation.labels import set_label
from annotator.services.annotation.layers import open_layer
from tests.assist_world import mark_gold
from tests.helpers import login, review_team

TEXT = "Fuel prices soar again.\n\nDrivers blame the tax.\n\nThe minister denies it."


def _world(session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any):  # noqa: ANN202
    project = make_project("demo")
    docs = [make_document(project, TEXT, external_id=f"d{n}") for n in range(2)]
    users = review_team(make_user, assign, *docs)
    for doc in docs:
        layers = {n: open_layer(session, users[n], doc, None) for n in ("alice", "bob")}
        gold = open_layer(session, users["rita"], doc, "gold")
        # alice matches gold (BIASED both times), bob gives the other value each time.
        for layer, value in ((gold, "BIASED"), (layers["alice"], "BIASED")):
            set_label(session, layer, None, "genre", "NEWS")
            set_label(session, layer, 0, "bias", value)
        set_label(session, layers["bob"], 0, "bias", "NON_BIASED")
        # stance: alice twice right, bob right once of two.
        for sentence, value in ((0, "FAVOR"), (1, "AGAINST")):
            set_label(session, gold, sentence, "stance", value)
            set_label(session, layers["alice"], sentence, "stance", value)
        set_label(session, layers["bob"], 0, "stance", "FAVOR")
        set_label(session, layers["bob"], 1, "stance", "NONE")
    session.commit()
    mark_gold(session, docs, "final")  # the gold "Against gold" scores against by default
    return project


def test_the_report_counts_matches_and_names_why_kappa_is_undefined(
    session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any
) -> None:
    project = _world(session, make_user, make_project, make_document, assign)
    report = agreement_report(session, project)
    alice = report["gold"]["annotators"]["alice"]["labels"]
    bob = report["gold"]["annotators"]["bob"]["labels"]
    assert alice["bias"]["matches"] == 2
    assert (alice["bias"]["units"], alice["bias"]["kappa"]) == (2, None)
    assert alice["bias"]["kappa_undefined"] == "one value only"
    assert (bob["bias"]["units"], bob["bias"]["matches"], bob["bias"]["kappa"]) == (2, 0, 0.0)
    assert bob["bias"]["kappa_undefined"] is None
    assert (bob["stance"]["units"], bob["stance"]["matches"]) == (4, 2)
    assert (alice["document:genre"]["matches"], alice["document:genre"]["kappa"]) == (2, None)
    # bob gave no genre: no unit to compare, which is another reason.
    assert (bob["document:genre"]["units"], bob["document:genre"]["matches"]) == (0, 0)
    assert bob["document:genre"]["kappa_undefined"] == "no unit with both values"
    csv = report_csv(report)
    assert "gold:labels,bias,alice,matches,2" in csv
    assert "gold:labels,bias,alice,kappa_undefined,one value only" in csv


def test_the_page_shows_matches_beside_kappa_and_why_it_is_undefined(
    client: Any, session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any
) -> None:
    _world(session, make_user, make_project, make_document, assign)
    login(client, "rita")
    # The layers are in progress: the page's own default counts finished work only.
    html = client.get("/projects/demo/agreement?status=all").get_data(as_text=True)
    section = html.split("<h2>Against gold</h2>", 1)[1].split("<h2", 1)[0]
    rows = {
        name: " ".join(re.sub(r"<[^>]+>", " ", row).split())
        for name, row in re.findall(r'rowheader">(\w+)</th>(.*?)</tr>', section, re.S)
    }
    assert "bias: – (2 of 2 match)" in rows["alice"]
    assert "bias: 0.000 (0 of 2 match)" in rows["bob"]
    assert "stance: 0.333 (2 of 4 match)" in rows["bob"]
    assert 'title="one value only: kappa is undefined"' in section
    text = " ".join(re.sub(r"<[^>]+>", " ", section).split())
    assert "one value only: kappa is undefined" in text  # the footnote, not only a title


def test_the_api_gives_the_counts(
    client: Any,
    session: Any,
    make_user: Any,
    make_token: Any,
    make_project: Any,
    make_document: Any,
    assign: Any,
) -> None:
    _world(session, make_user, make_project, make_document, assign)
    from annotator.models import User

    rita = session.query(User).filter_by(username="rita").one()
    answer = client.get("/api/v1/projects/demo/agreement", headers=make_token(rita))
    assert answer.status_code == 200
    bias = answer.get_json()["gold"]["annotators"]["alice"]["labels"]["bias"]
    assert (bias["matches"], bias["units"], bias["kappa_undefined"]) == (2, 2, "one value only")
