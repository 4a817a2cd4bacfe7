"""Span, unitizing, relation, attribute and gold figures of the report, against values by hand."""

from __future__ import annotations

from typing import Any

import pytest

from annotator.services.agreement.report import agreement_report


class Team:
    """A project with documents, two or three annotators and a reviewer, all writing over HTTP."""

    def __init__(self, client, make_user, make_token, make_project, make_document, assign):
        self.client = client
        self.project = make_project("spans")
        self.make_document = make_document
        self.assign = assign
        self.users = {n: make_user(n, "annotator", None) for n in ("alice", "bob", "carol")}
        self.users["rita"] = make_user("rita", "reviewer", None)
        self.headers = {name: make_token(user) for name, user in self.users.items()}

    def document(self, text: str, *names: str) -> Any:
        document = self.make_document(self.project, text)
        self.assign(document, *(self.users[name] for name in names))
        return document

    def span(self, who: str, document: Any, label: str, start: int, end: int, **extra: Any) -> int:
        query = "?layer=gold" if who == "gold" else ""
        response = self.client.post(
            f"/api/v1/documents/{document.id}/spans{query}",
            json={"label": label, "start": start, "end": end, **extra},
            headers=self.headers["rita" if who == "gold" else who],
        )
        assert response.status_code == 201, response.get_json()
        return response.get_json()["id"]

    def relation(self, who: str, document: Any, source: int, target: int) -> None:
        query = "?layer=gold" if who == "gold" else ""
        response = self.client.post(
            f"/api/v1/documents/{document.id}/relations{query}",
            json={"type": "ATTRIBUTED_TO", "from": source, "to": target},
            headers=self.headers["rita" if who == "gold" else who],
        )
        assert response.status_code == 201, response.get_json()

    def final(self, *documents: Any) -> None:
        """Mark the gold of ``documents`` final, as a reviewer does: the gold scored against."""
        for document in documents:
            response = self.client.put(
                f"/api/v1/projects/spans/review/{document.id}/status",
                json={"status": "final"},
                headers=self.headers["rita"],
            )
            assert response.status_code == 200, response.get_json()

    def report(self, **kwargs: Any) -> dict[str, Any]:
        response = self.client.get(
            "/api/v1/projects/spans/agreement", headers=self.headers["rita"], query_string=kwargs
        )
        assert response.status_code == 200, response.get_json()
        return response.get_json()


@pytest.fixture
def team(client, make_user, make_token, make_project, make_document, assign) -> Team:
    return Team(client, make_user, make_token, make_project, make_document, assign)


def test_span_f1_on_the_toy_example(team: Team) -> None:
    """AGREEMENT.md's toy example: unlabeled exact 0.50, overlap 0.75; per label by hand.

    A: [0,10) CLAIM, [20,30) CLAIM, [40,50) SOURCE, [60,70) CLAIM
    B: [0,10) CLAIM, [22,30) CLAIM, [40,50) CLAIM, [80,90) CLAIM
    CLAIM: A has 3, B has 4; exact matches 1 -> 2/7; overlap matches 2 -> 4/7.
    SOURCE: A has 1, B none -> 0. CUE: nobody -> null.
    """
    doc = team.document("x" * 100, "alice", "bob")
    alice = [(0, 10, "CLAIM"), (20, 30, "CLAIM"), (40, 50, "SOURCE"), (60, 70, "CLAIM")]
    for start, end, label in alice:
        team.span("alice", doc, label, start, end)
    for start, end in [(0, 10), (22, 30), (40, 50), (80, 90)]:
        team.span("bob", doc, "CLAIM", start, end)
    spans = team.report()["spans"]
    assert spans["_all"]["f1_exact"] == pytest.approx(0.5)
    assert spans["_all"]["f1_overlap"] == pytest.approx(0.75)
    assert spans["CLAIM"]["f1_exact"] == pytest.approx(2 / 7)
    assert spans["CLAIM"]["f1_overlap"] == pytest.approx(4 / 7)
    assert spans["SOURCE"]["f1_exact"] == 0.0
    assert spans["CUE"]["f1_exact"] is None  # nothing to agree on: null, not 1.0
    assert spans["CUE"]["alpha_unitizing"] is None
    pair = spans["CLAIM"]["pairs"]["alice|bob"]
    assert pair["spans"] == {"alice": 3, "bob": 4}
    assert (pair["matched_exact"], pair["matched_overlap"]) == (1, 2)


def test_unitizing_alpha_by_hand(team: Team) -> None:
    """Ten characters; alice marks [0,4), bob [2,6); Krippendorff 2004 by hand gives 0.226087.

    D_o = (8 + 8) / (2 * 1 * 10^2) = 0.08. D_e: units of length 4 (two), gaps 6, 2 and 4:
    per unit (1/3)(2*64 - 3*16 + 4) + 16 * ((4-4+1) + (6-4+1)) = 28 + 64 = 92;
    D_e = (2/10) * 184 / (20*19 - 2*4*3) = 36.8 / 356. alpha = 1 - 0.08 / (36.8/356).
    """
    doc = team.document("abcdefghij", "alice", "bob")
    team.span("alice", doc, "CLAIM", 0, 4)
    team.span("bob", doc, "CLAIM", 2, 6)
    spans = team.report()["spans"]
    expected = 1 - 0.08 / (36.8 / 356)
    assert expected == pytest.approx(0.226087, abs=1e-6)
    assert spans["CLAIM"]["alpha_unitizing"] == pytest.approx(expected)
    assert spans["_all"]["alpha_unitizing"] == pytest.approx(expected)
    assert spans["CLAIM"]["f1_exact"] == 0.0
    assert spans["CLAIM"]["f1_overlap"] == 1.0


def _attributed(team: Team, doc: Any, who: str, claims: list[tuple[int, int, str]]) -> None:
    sources = [(20, 30), (60, 70), (100, 110)]
    for (start, end, claimer), source in zip(claims, sources, strict=True):
        claim = team.span(who, doc, "CLAIM", start, end, attributes={"claimer": claimer})
        team.relation(who, doc, claim, team.span(who, doc, "SOURCE", *source))


def test_relation_f1_and_attribute_alpha_by_hand(team: Team) -> None:
    """Three attributed claims each; bob's second claim starts 2 characters later.

    Exact matching: that claim is unmatched, so its relation cannot match: 2 of 3 + 3 -> 4/6.
    Overlap matching: all three relations match -> 1.0.
    claimer on the matched claims: (R,R), (J,J), (J,R): n=6, n_R=n_J=3, one disagreeing
    pair -> alpha = 1 - 5 * 2 / (2 * 3 * 3) = 4/9.
    """
    doc = team.document("y" * 120, "alice", "bob")
    r, j = "REPORTED", "JOURNALIST"
    _attributed(team, doc, "alice", [(0, 10, r), (40, 50, j), (80, 90, j)])
    _attributed(team, doc, "bob", [(0, 10, r), (42, 50, j), (80, 90, r)])
    report = team.report()
    relation = report["relations"]["ATTRIBUTED_TO"]
    assert relation["f1"] == pytest.approx(4 / 6)
    assert relation["f1_overlap"] == pytest.approx(1.0)
    assert relation["pairs"]["alice|bob"]["relations"] == {"alice": 3, "bob": 3}
    assert report["relations"]["CUED_BY"]["f1"] is None
    claimer = report["attributes"]["CLAIM.claimer"]
    assert claimer["alpha_nominal"] == pytest.approx(4 / 9)
    assert claimer["matched_spans"] == 3
    assert report["attributes"]["BIASED_WORD.type"]["alpha_nominal"] is None


def test_three_annotators_mean_over_pairs_with_the_pairs_listed(team: Team) -> None:
    """alice and bob agree exactly, carol marks elsewhere: pairs 1, 0, 0 -> mean 1/3."""
    doc = team.document("z" * 50, "alice", "bob", "carol")
    team.span("alice", doc, "CLAIM", 0, 10)
    team.span("bob", doc, "CLAIM", 0, 10)
    team.span("carol", doc, "CLAIM", 20, 30)
    claim = team.report()["spans"]["CLAIM"]
    assert {k: v["f1_exact"] for k, v in claim["pairs"].items()} == {
        "alice|bob": 1.0,
        "alice|carol": 0.0,
        "bob|carol": 0.0,
    }
    assert claim["f1_exact"] == pytest.approx(1 / 3)


def test_one_annotator_gives_null_everywhere(team: Team) -> None:
    """With a single annotator nothing is pairable: every figure is null, no pair is listed."""
    doc = team.document("w" * 40, "alice")
    team.span("alice", doc, "CLAIM", 0, 10)
    report = team.report()
    assert report["annotators"] == ["alice"]
    assert report["spans"]["CLAIM"] == {
        "f1_exact": None,
        "f1_overlap": None,
        "alpha_unitizing": None,
        "pairs": {},
    }
    assert report["labels"]["stance"]["alpha_nominal"] is None
    assert report["labels"]["document:genre"]["alpha_nominal"] is None
    assert report["gold"] is None


def test_annotators_are_scored_against_gold(team: Team) -> None:
    """Gold has 2 claims; alice marks one of them and one other: P = R = F1 = 1/2."""
    doc = team.document("v" * 60, "alice", "bob")
    team.span("gold", doc, "CLAIM", 0, 10)
    team.span("gold", doc, "CLAIM", 20, 30)
    team.span("alice", doc, "CLAIM", 0, 10)
    team.span("alice", doc, "CLAIM", 40, 50)
    team.span("bob", doc, "CLAIM", 0, 10)
    team.span("bob", doc, "CLAIM", 20, 30)
    team.final(doc)
    gold = team.report()["gold"]
    assert gold["documents"] == 1
    alice = gold["annotators"]["alice"]["spans"]["CLAIM"]
    assert (alice["precision"], alice["recall"], alice["f1"]) == (0.5, 0.5, 0.5)
    bob = gold["annotators"]["bob"]["spans"]["CLAIM"]
    assert (bob["precision"], bob["recall"], bob["f1"]) == (1.0, 1.0, 1.0)


def test_label_kappa_against_gold_and_document_fields(team: Team, session) -> None:
    """Document labels are reported under ``document:``; kappa against gold per annotator."""
    docs = [team.document(f"Text {i}.", "alice", "bob") for i in range(4)]
    genres = {
        "gold": ["NEWS", "NEWS", "OPINION", "OPINION"],
        "alice": ["NEWS", "NEWS", "OPINION", "OPINION"],
        "bob": ["NEWS", "OPINION", "OPINION", "NEWS"],
    }
    for who, values in genres.items():
        for doc, value in zip(docs, values, strict=True):
            query = "?layer=gold" if who == "gold" else ""
            response = team.client.put(
                f"/api/v1/documents/{doc.id}/labels{query}",
                json={"sentence": None, "name": "genre", "value": value},
                headers=team.headers["rita" if who == "gold" else who],
            )
            assert response.status_code == 200
    team.final(*docs)
    report = agreement_report(session, team.project)
    genre = report["labels"]["document:genre"]
    assert genre["units"] == 4
    assert genre["percent_agreement"] == 0.5
    assert genre["cohen_kappa"] == {"alice|bob": 0.0}  # p_o = 1/2 = p_e
    against = report["gold"]["annotators"]
    assert against["alice"]["labels"]["document:genre"]["kappa"] == 1.0
    assert against["bob"]["labels"]["document:genre"]["kappa"] == 0.0
    filtered = agreement_report(
        session, team.project, documents=[docs[0].external_id, docs[1].external_id]
    )
    assert filtered["documents"] == 2
    assert filtered["labels"]["document:genre"]["percent_agreement"] == 0.5


def test_values_the_schema_does_not_spell_out_are_read_too(
    session, make_user, make_project, make_document, assign
) -> None:
    """Multi-valued labels compare as sets; attribute sets in any key order are matched."""
    from annotator.services.annotation.labels import set_label
    from annotator.services.annotation.layers import open_layer
    from annotator.services.annotation.spans import add_span

    schema = {
        "name": "Sets",
        "span_labels": [
            {
                "name": "CLAIM",
                "key": "c",
                "attributes": [
                    {"name": "claimer", "values": ["REPORTED", "JOURNALIST"]},
                    {"name": "certainty", "values": ["HIGH", "LOW"]},
                ],
            }
        ],
        "sentence_labels": [{"name": "topics", "values": ["A", "B", "C"], "multiple": True}],
    }
    project = make_project("sets", schema)
    doc = make_document(project, "One sentence here.\n\nAnother one there.")
    alice, bob = make_user("alice", "annotator", None), make_user("bob", "annotator", None)
    assign(doc, alice, bob)
    layers = {u.username: open_layer(session, u, doc, None) for u in (alice, bob)}
    set_label(session, layers["alice"], 0, "topics", ["A", "B"])
    set_label(session, layers["bob"], 0, "topics", ["B", "A"])
    set_label(session, layers["alice"], 1, "topics", ["C"])
    set_label(session, layers["bob"], 1, "topics", ["A", "C"])
    add_span(session, layers["alice"], "CLAIM", 0, 3, {"certainty": "LOW", "claimer": "REPORTED"})
    add_span(session, layers["bob"], "CLAIM", 0, 3, {"claimer": "REPORTED", "certainty": "LOW"})
    add_span(session, layers["alice"], "CLAIM", 4, 12, {"certainty": "HIGH", "claimer": "REPORTED"})
    add_span(session, layers["bob"], "CLAIM", 4, 12, {"claimer": "JOURNALIST"})
    session.commit()
    report = agreement_report(session, project)
    assert report["labels"]["topics"]["percent_agreement"] == 0.5
    assert report["attributes"]["CLAIM.certainty"]["matched_spans"] == 1
    assert report["attributes"]["CLAIM.claimer"]["matched_spans"] == 2
    # claimer: (R, R), (R, J): n=4, n_R=3, n_J=1 -> alpha = 1 - 3 * 2 / (2 * 3 * 1) = 0
    assert report["attributes"]["CLAIM.claimer"]["alpha_nominal"] == 0.0
