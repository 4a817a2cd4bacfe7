"""Suggestions the caller already holds: left out of the list (counted), refused when accepted
one at a time (409 "you already have ..."), and named when a whole sentence is accepted.

The rules suggest on the assist world's unseen document, "Peter Brown said the port will
close in June.": SOURCE "Peter Brown", CUE "said", CLAIM "the port will close in June", and
the relations from the claim to its source and its cue. alice annotates it.
"""

from __future__ import annotations

from typing import Any

import pytest

from annotator.core.vocabulary import DOCUMENT_UNIT
from annotator.models import SUGGESTIONS, LabelValue, Layer
from tests.assist_world import build_assist_world

NONE_HELD = {"spans": 0, "relations": 0, "sentence_labels": 0, "document_labels": 0}


@pytest.fixture
def world(
    session: Any, runner: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any
) -> Any:
    built = build_assist_world(session, make_user, make_project, make_document, assign, 0)
    predicted = runner.invoke(args=["assist", "predict", "assist"])
    assert predicted.exit_code == 0, predicted.output
    return built


@pytest.fixture
def alice(world: Any, make_token: Any) -> dict[str, str]:
    return make_token(world.annotator)


def _listed(client: Any, world: Any, headers: dict[str, str], query: str = "") -> Any:
    answer = client.get(f"/api/v1/documents/{world.unseen.id}/suggestions{query}", headers=headers)
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def _suggested(client: Any, world: Any, headers: dict[str, str], label: str) -> dict[str, Any]:
    listed = _listed(client, world, headers, "?include_held=1")
    return next(s for s in listed["spans"] if s["label"] == label)


def _draw(
    client: Any, world: Any, headers: dict[str, str], label: str, start: int, end: int
) -> int:
    """Draw a span by hand through the API, as the annotator would; return its id."""
    answer = client.post(
        f"/api/v1/documents/{world.unseen.id}/spans",
        json={"label": label, "start": start, "end": end},
        headers=headers,
    )
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()["id"]


def _labels_of(listed: dict[str, Any]) -> list[tuple[str, bool]]:
    return sorted((s["label"], s["held"]) for s in listed["spans"])


def test_a_span_drawn_by_hand_leaves_its_suggestion_out_of_the_list_and_counts_it(
    client: Any, world: Any, alice: dict[str, str]
) -> None:
    before = _listed(client, world, alice)
    assert _labels_of(before) == [("CLAIM", False), ("CUE", False), ("SOURCE", False)]
    assert before["held"] == NONE_HELD
    cue = _suggested(client, world, alice, "CUE")
    _draw(client, world, alice, "CUE", cue["start"], cue["end"])

    after = _listed(client, world, alice)
    assert _labels_of(after) == [("CLAIM", False), ("SOURCE", False)]
    assert after["held"] == NONE_HELD | {"spans": 1}
    # Its relation from the claim is not held (alice has no claim yet): still offered.
    assert [r["type"] for r in after["relations"]] == ["ATTRIBUTED_TO", "CUED_BY"]
    everything = _listed(client, world, alice, "?include_held=1")
    assert _labels_of(everything) == [("CLAIM", False), ("CUE", True), ("SOURCE", False)]
    assert everything["held"] == after["held"]
    for off in ("?include_held=0", "?include_held=false", "?include_held="):
        assert _listed(client, world, alice, off) == after


def test_a_span_of_the_label_over_part_of_a_suggestion_holds_it_another_label_does_not(
    client: Any, world: Any, alice: dict[str, str]
) -> None:
    """alice's SOURCE "Brown" is her answer to the rules' "Peter Brown" (the workspace does
    not offer it either); her CUE over the same words answers nothing of SOURCE's."""
    source = _suggested(client, world, alice, "SOURCE")
    _draw(client, world, alice, "CUE", source["start"], source["end"])
    assert _labels_of(_listed(client, world, alice))[-1] == ("SOURCE", False)
    brown = world.unseen.text.index("Brown")
    _draw(client, world, alice, "SOURCE", brown, brown + len("Brown"))
    listed = _listed(client, world, alice)
    assert "SOURCE" not in {s["label"] for s in listed["spans"]}
    assert listed["held"]["spans"] == 1


def test_a_relation_drawn_by_hand_is_held_and_its_ends_too(
    client: Any, world: Any, alice: dict[str, str]
) -> None:
    claim, source = (_suggested(client, world, alice, label) for label in ("CLAIM", "SOURCE"))
    mine = {
        s["label"]: _draw(client, world, alice, s["label"], s["start"], s["end"])
        for s in (claim, source)
    }
    # The ends held, the relation between them not yet: it is still offered.
    ends_only = _listed(client, world, alice)
    assert [r["type"] for r in ends_only["relations"]] == ["ATTRIBUTED_TO", "CUED_BY"]
    assert ends_only["held"] == NONE_HELD | {"spans": 2}
    linked = client.post(
        f"/api/v1/documents/{world.unseen.id}/relations",
        json={"type": "ATTRIBUTED_TO", "from": mine["CLAIM"], "to": mine["SOURCE"]},
        headers=alice,
    )
    assert linked.status_code == 201, linked.get_json()
    listed = _listed(client, world, alice)
    assert [r["type"] for r in listed["relations"]] == ["CUED_BY"]
    assert listed["held"] == NONE_HELD | {"spans": 2, "relations": 1}
    everything = _listed(client, world, alice, "?include_held=1")
    assert sorted((r["type"], r["held"]) for r in everything["relations"]) == [
        ("ATTRIBUTED_TO", True),
        ("CUED_BY", False),
    ]


def test_a_label_value_set_by_hand_holds_the_suggested_one_whatever_its_value(
    client: Any, session: Any, world: Any, alice: dict[str, str]
) -> None:
    """A value the annotator set for the field there is their answer to the suggestion (the
    workspace offers it only while the field is empty there)."""
    layer = session.query(Layer).filter_by(document_id=world.unseen.id, key=SUGGESTIONS).one()
    session.add_all(
        [
            LabelValue(
                layer_id=layer.id, sentence_index=0, name="stance", value="FAVOR", model="rules"
            ),
            LabelValue(
                layer_id=layer.id, sentence_index=0, name="bias", value="BIASED", model="rules"
            ),
            LabelValue(
                layer_id=layer.id,
                sentence_index=DOCUMENT_UNIT,
                name="genre",
                value="NEWS",
                model="rules",
            ),
        ]
    )
    session.commit()
    before = _listed(client, world, alice)
    assert sorted(label["name"] for label in before["sentence_labels"]) == ["bias", "stance"]
    assert [label["name"] for label in before["document_labels"]] == ["genre"]

    labels = f"/api/v1/documents/{world.unseen.id}/labels"
    for unit, name, value in (
        (0, "stance", "FAVOR"),
        (0, "bias", "NON_BIASED"),
        (None, "genre", "NEWS"),
    ):
        put = client.put(
            labels, json={"sentence": unit, "name": name, "value": value}, headers=alice
        )
        assert put.status_code == 200, put.get_json()
    after = _listed(client, world, alice)
    assert after["sentence_labels"] == [] and after["document_labels"] == []
    assert after["held"] == NONE_HELD | {"sentence_labels": 2, "document_labels": 1}
    everything = _listed(client, world, alice, "?include_held=1")
    assert all(
        label["held"] for label in everything["sentence_labels"] + everything["document_labels"]
    )


def test_held_is_asked_of_the_layer_named_gold_for_a_reviewer_and_refused_to_an_annotator(
    client: Any, world: Any, alice: dict[str, str], make_token: Any
) -> None:
    rita = make_token(world.reviewer)
    claim = _suggested(client, world, rita, "CLAIM")
    drawn = client.post(
        f"/api/v1/documents/{world.unseen.id}/spans?layer=gold",
        json={"label": "CLAIM", "start": claim["start"], "end": claim["end"]},
        headers=rita,
    )
    assert drawn.status_code == 201, drawn.get_json()
    assert _listed(client, world, rita, "?layer=gold")["held"]["spans"] == 1
    assert _listed(client, world, rita)["held"]["spans"] == 0  # her own layer holds none
    assert _listed(client, world, alice)["held"]["spans"] == 0  # nor does alice's
    refused = client.get(
        f"/api/v1/documents/{world.unseen.id}/suggestions?layer=gold", headers=alice
    )
    assert refused.status_code == 403, refused.get_json()


def test_an_include_held_that_is_no_yes_or_no_is_refused_naming_it(
    client: Any, world: Any, alice: dict[str, str]
) -> None:
    refused = client.get(
        f"/api/v1/documents/{world.unseen.id}/suggestions?include_held=maybe", headers=alice
    )
    assert refused.status_code == 400, refused.get_json()
    error = refused.get_json()["error"]
    assert "include_held" in error["message"] and error["details"] == {"field": "include_held"}


def test_accepting_a_held_span_is_refused_saying_you_already_have_it(
    client: Any, world: Any, alice: dict[str, str]
) -> None:
    source = _suggested(client, world, alice, "SOURCE")
    brown = world.unseen.text.index("Brown")
    mine = _draw(client, world, alice, "SOURCE", brown, brown + len("Brown"))
    refused = client.post(f"/api/v1/suggestions/{source['id']}/accept", headers=alice)
    assert refused.status_code == 409, refused.get_json()
    error = refused.get_json()["error"]
    assert error["message"].startswith("you already have this span: ")
    assert f"span {mine}" in error["message"] and error["details"] == {"span": mine}
    layer = client.get(f"/api/v1/documents/{world.unseen.id}/annotations", headers=alice)
    assert [s["id"] for s in layer.get_json()["spans"]] == [mine]  # no overlapping copy


def test_accepting_a_span_gold_holds_says_gold_has_it(
    client: Any, world: Any, make_token: Any
) -> None:
    rita = make_token(world.reviewer)
    cue = _suggested(client, world, rita, "CUE")
    path = f"/api/v1/suggestions/{cue['id']}/accept?layer=gold"
    assert client.post(path, headers=rita).status_code == 201
    again = client.post(path, headers=rita)
    assert again.status_code == 409
    assert again.get_json()["error"]["message"].startswith("gold already has this span: ")


def test_accepting_a_held_relation_is_refused_saying_you_already_have_it(
    client: Any, world: Any, alice: dict[str, str]
) -> None:
    listed = _listed(client, world, alice)
    attributed = next(r for r in listed["relations"] if r["type"] == "ATTRIBUTED_TO")
    path = f"/api/v1/suggestions/relations/{attributed['id']}/accept"
    assert client.post(path, headers=alice).status_code == 201
    again = client.post(path, headers=alice)
    assert again.status_code == 409, again.get_json()
    assert again.get_json()["error"]["message"].startswith("you already have this relation: ")


def test_accepting_a_sentence_skips_what_you_hold_and_names_it(
    client: Any, world: Any, alice: dict[str, str]
) -> None:
    claim = _suggested(client, world, alice, "CLAIM")
    mine = _draw(client, world, alice, "CLAIM", claim["start"], claim["end"])
    path = f"/api/v1/documents/{world.unseen.id}/suggestions/accept"
    answer = client.post(path, json={"sentence": 0}, headers=alice)
    assert answer.status_code == 201, answer.get_json()
    body = answer.get_json()
    assert sorted(s["label"] for s in body["spans"]) == ["CUE", "SOURCE"]
    assert [s["id"] for s in body["kept"]] == [mine]
    (held,) = body["held"]
    assert (held["suggestion"], held["kind"]) == (claim["id"], "span")
    assert held["reason"].startswith("you already have this span: ")
    assert sorted(r["type"] for r in body["relations"]) == ["ATTRIBUTED_TO", "CUED_BY"]
    assert body["skipped"] == []

    again = client.post(path, json={"sentence": 0}, headers=alice).get_json()
    assert again["spans"] == [] and again["relations"] == [] and again["skipped"] == []
    assert sorted(h["kind"] for h in again["held"]) == [
        "relation",
        "relation",
        "span",
        "span",
        "span",
    ]
    assert all(h["reason"].startswith("you already have this ") for h in again["held"])


def test_the_span_found_holding_a_suggestion_is_the_first_over_it_as_a_look_at_each_finds() -> None:
    """The index's few steps (services/assist/held.py) give what looking at every span of
    the label gives: the span at the same offsets, else the first in reading order over any
    character of the suggestion; nested, overlapping and repeated spans included."""
    import random

    from annotator.services.assist.held import _LabelSpans

    def looked_at_each(rows: list[tuple[int, int, int]], start: int, end: int) -> int | None:
        over = sorted(row for row in rows if row[0] < end and start < row[1])
        same = [row for row in over if (row[0], row[1]) == (start, end)]
        return (same or over or [(0, 0, None)])[0][2]

    chance = random.Random(36)
    for _ in range(300):
        rows = []
        for span_id in range(chance.randint(0, 12)):
            start = chance.randint(0, 40)
            rows.append((start, start + chance.randint(1, 15), span_id + 1))
        index = _LabelSpans(list(rows))
        for start in range(0, 50):
            for end in range(start + 1, 56, 3):
                assert index.holding(start, end) == looked_at_each(rows, start, end), (
                    rows,
                    start,
                    end,
                )
