"""`annotator adjudicate`: differences, accept, unanimous and gold status, through the real
command line, checked in the database and through the API."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from annotator.models import GoldStatus, LabelValue, Layer, Relation, Span
from annotator.services.annotation.labels import set_label
from annotator.services.annotation.layers import open_layer
from annotator.services.annotation.relations import add_relation
from annotator.services.annotation.spans import add_span
from tests.helpers import review_team

TEXT = "Officials said the talks failed.\n\nMoscow denied it strongly."


@pytest.fixture
def world(
    session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any
) -> dict[str, Any]:
    """d1 and d2 of alice and bob: they agree on a SOURCE and disagree on a claim's attribute."""
    project = make_project("p")
    users = review_team(make_user, assign)
    docs = [make_document(project, TEXT, external_id=f"d{i}") for i in (1, 2)]
    rows: dict[str, Any] = {}
    for doc in docs:
        assign(doc, users["alice"], users["bob"])
        for name, claimer in (("alice", "REPORTED"), ("bob", "JOURNALIST")):
            layer = open_layer(session, users[name], doc, None)
            source = add_span(session, layer, "SOURCE", 0, 9)
            claim = add_span(session, layer, "CLAIM", 15, 31, {"claimer": claimer})
            relation = add_relation(session, layer, "ATTRIBUTED_TO", claim.id, source.id)
            set_label(session, layer, 0, "stance", "NONE")
            rows[f"{name}-{doc.external_id}"] = (claim, relation)
    session.commit()
    return {"project": project, "docs": docs, "users": users, "rows": rows}


def _gold(session: Any, doc: Any, model: Any) -> list[Any]:
    session.expire_all()
    query = select(model).join(Layer, Layer.id == model.layer_id)
    return list(session.scalars(query.where(Layer.document_id == doc.id, Layer.user_id.is_(None))))


def test_differences_list_what_accept_takes(runner: Any, world: Any) -> None:
    result = runner.invoke(args=["adjudicate", "differences", "p", "d1"])
    assert result.exit_code == 0, result.output
    claim = world["rows"]["bob-d1"][0]
    assert "attribute\t0\tCLAIM: attribute claimer differs" in result.output
    assert "  bob\tCLAIM [15, 31)" in result.output
    assert f"attribute {claim.id} --attribute claimer" in result.output


def test_differences_say_when_there_are_none(
    runner: Any, world: Any, make_document: Any, assign: Any
) -> None:
    assign(make_document(world["project"], TEXT, external_id="d3"), world["users"]["alice"])
    result = runner.invoke(args=["adjudicate", "differences", "p", "d3"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == "No differences between the annotators of d3.\n"


def test_accept_writes_gold_with_provenance(runner: Any, session: Any, world: Any) -> None:
    claim, relation = world["rows"]["bob-d1"]
    args = ["adjudicate", "accept", "p", "d1", "relation", str(relation.id), "--as", "rita"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    doc, rita = world["docs"][0], world["users"]["rita"]
    spans = _gold(session, doc, Span)
    assert sorted((s.label, s.start, s.end) for s in spans) == [
        ("CLAIM", 15, 31),
        ("SOURCE", 0, 9),
    ]
    assert next(s for s in spans if s.label == "CLAIM").attributes == {"claimer": "JOURNALIST"}
    (gold_relation,) = _gold(session, doc, Relation)
    # Each names the annotators whose own item is exactly gold's: alice marked the same
    # source and drew the same relation (type and ends), but gave the claim another claimer.
    named = {"CLAIM": "bob", "SOURCE": "alice,bob", "ATTRIBUTED_TO": "alice,bob"}
    for row in (*spans, gold_relation):
        kind = row.label if isinstance(row, Span) else row.type
        assert (row.decided_by_id, row.source_layer, row.source_how) == (
            rita.id,
            named[kind],
            "chosen",
        )
    assert session.get(GoldStatus, doc.id).status == "in_review"
    assert _gold(session, world["docs"][1], Span) == []  # the other document is untouched

    alice_claim = world["rows"]["alice-d1"][0]
    attribute = ["adjudicate", "accept", "p", "d1", "attribute", str(alice_claim.id)]
    result = runner.invoke(args=[*attribute, "--attribute", "claimer", "--as", "rita"])
    assert result.exit_code == 0, result.output
    claim_gold = next(s for s in _gold(session, doc, Span) if s.label == "CLAIM")
    assert claim_gold.attributes == {"claimer": "REPORTED"}
    assert claim_gold.source_layer == "alice"


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["d1", "span", "{bob-d1}", "--as", "alice"], "and admins, may adjudicate"),
        (["d1", "span", "{bob-d1}", "--as", "ghost"], "no user called 'ghost'"),
        (["d2", "span", "{bob-d1}", "--as", "rita"], "no span "),
        (["d9", "span", "{bob-d1}", "--as", "rita"], "no document 'd9' in project 'p'"),
        (["d1", "span", "99999", "--as", "rita"], "no span 99999"),
        (["d1", "span", "{bob-d1}"], "Missing option '--as'"),
    ],
)
def test_accept_refusals_write_nothing(
    runner: Any, session: Any, world: Any, args: list[str], reason: str
) -> None:
    claim_id = str(world["rows"]["bob-d1"][0].id)
    args = [claim_id if arg == "{bob-d1}" else arg for arg in args]
    result = runner.invoke(args=["adjudicate", "accept", "p", *args])
    assert result.exit_code != 0
    assert reason in result.output
    assert len(result.output.strip().splitlines()) == 1 or "Usage" in result.output
    for doc in world["docs"]:
        assert _gold(session, doc, Span) == []


def test_unanimous_accepts_only_agreed_items_and_skips_final_documents(
    runner: Any, session: Any, world: Any
) -> None:
    d1, d2 = world["docs"]
    final = runner.invoke(args=["adjudicate", "status", "p", "d2", "final", "--as", "rita"])
    # The status line on stdout; the unanimous items gold lacks are counted on stderr.
    assert final.exit_code == 0 and final.stdout == "d2\tfinal\n"
    assert final.stderr.startswith("Warning: gold lacks 4 items every annotator gave alike")
    # alice and bob have not marked d1 done: taken with --include-unfinished.
    result = runner.invoke(
        args=["adjudicate", "unanimous", "p", "--include-unfinished", "--as", "rita"]
    )
    assert result.exit_code == 0, result.output
    assert "Accepted 4 items (2 spans, 1 relation, 1 label) into the gold of 1 document" in (
        result.output
    )
    spans = _gold(session, d1, Span)
    claim = next(s for s in spans if s.label == "CLAIM")
    assert claim.attributes == {}  # the annotators gave different claimers
    # The claim both marked is taken without a claimer (they gave different ones): neither
    # gave exactly that, so its source names nobody.
    assert {(s.label, s.source_layer) for s in spans} == {("CLAIM", None), ("SOURCE", "alice,bob")}
    assert [v.value for v in _gold(session, d1, LabelValue)] == ["NONE"]
    assert _gold(session, d2, Span) == []
    skipped = "Skipped 1 document whose gold is marked final (final gold takes no change until"
    assert skipped in result.output

    # Named, a final document is skipped all the same: final gold changes only once reopened.
    args = ["adjudicate", "unanimous", "p", "--documents", "d2", "--include-unfinished"]
    args += ["--as", "rita"]
    named = runner.invoke(args=args)
    assert named.exit_code == 0, named.output
    assert "into the gold of 0 documents" in named.output and skipped in named.output
    assert _gold(session, d2, Span) == []
    reopened = runner.invoke(args=["adjudicate", "status", "p", "d2", "in_review", "--as", "rita"])
    assert reopened.exit_code == 0, reopened.output
    named = runner.invoke(args=args)
    assert named.exit_code == 0, named.output
    assert len(_gold(session, d2, Span)) == 2 and "marked final" not in named.output


def test_unanimous_says_a_skipped_document_was_not_begun_by_two(
    runner: Any, world: Any, make_document: Any, assign: Any
) -> None:
    # Assigned to two annotators, begun by neither: "fewer than two annotators" read as if
    # it had too few assigned, and sent the reviewer to the Assignments page for nothing.
    users = world["users"]
    assign(make_document(world["project"], TEXT, external_id="d3"), users["alice"], users["bob"])
    result = runner.invoke(args=["adjudicate", "unanimous", "p", "--as", "rita"])
    assert result.exit_code == 0, result.output
    assert (
        "Skipped (fewer than two annotators have annotated them, so nothing is unanimous "
        "yet): d3." in result.output
    )


def test_status_is_read_and_set_and_seen_by_the_api(
    runner: Any, client: Any, world: Any, make_token: Any
) -> None:
    assert runner.invoke(args=["adjudicate", "status", "p", "d1"]).output == "d1\topen\n"
    unnamed = runner.invoke(args=["adjudicate", "status", "p", "d1", "final"])
    assert unnamed.exit_code != 0 and "needs --as NAME" in unnamed.output
    by_annotator = runner.invoke(args=["adjudicate", "status", "p", "d1", "final", "--as", "bob"])
    assert by_annotator.exit_code == 1
    assert "may change the gold status" in by_annotator.output
    result = runner.invoke(args=["adjudicate", "status", "p", "d1", "final", "--as", "rita"])
    assert result.exit_code == 0, result.output
    doc = world["docs"][0]
    answer = client.get(
        f"/api/v1/projects/p/review/{doc.id}", headers=make_token(world["users"]["rita"])
    )
    assert answer.status_code == 200
    assert answer.get_json()["gold_status"] == "final"
    bad = runner.invoke(args=["adjudicate", "status", "p", "d1", "done", "--as", "rita"])
    assert bad.exit_code != 0 and "Invalid value" in bad.output


CLAIMER = "claimer = {} of CLAIM [15, 31) “the talks failed”"


def _claimer_difference(runner: Any) -> list[str]:
    """Return the tab-separated line of d1's attribute difference, as `differences` lists it."""
    result = runner.invoke(args=["adjudicate", "differences", "p", "d1"])
    assert result.exit_code == 0, result.output
    return next(line for line in result.stdout.splitlines() if "claimer differs" in line).split(
        "\t"
    )


def _gold_claimer(session: Any, world: Any) -> Any:
    spans = _gold(session, world["docs"][0], Span)
    return [(s.attributes or {}).get("claimer") for s in spans if s.label == "CLAIM"]


def test_take_another_version_instead_and_reopen_say_what_gold_got(
    runner: Any, session: Any, world: Any
) -> None:
    alice_claim = world["rows"]["alice-d1"][0]
    accept = ["adjudicate", "accept", "p", "d1", "attribute", str(alice_claim.id)]
    assert runner.invoke(args=[*accept, "--attribute", "claimer", "--as", "rita"]).exit_code == 0
    kind, sentence, summary, key, decided = _claimer_difference(runner)
    assert (kind, decided) == ("attribute", "taken by alice")

    take = ["adjudicate", "take", "p", "d1", key]
    result = runner.invoke(args=[*take, "--annotator", "bob", "--as", "rita"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Took that version into gold instead. Gold’s "
        f"{CLAIMER.format('REPORTED')} is now {CLAIMER.format('JOURNALIST')}.\n"
    )
    assert _gold_claimer(session, world) == ["JOURNALIST"]
    assert _claimer_difference(runner)[4] == "taken by bob"
    # And back, by the version's item, as `differences` lists it.
    item = ["--item", "attribute", str(alice_claim.id)]
    assert runner.invoke(args=[*take, *item, "--as", "rita"]).exit_code == 0
    assert _gold_claimer(session, world) == ["REPORTED"]

    result = runner.invoke(args=["adjudicate", "reopen", "p", "d1", key, "--as", "rita"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"Reopened the difference: removed from gold {CLAIMER.format('REPORTED')}.\n"
    )
    assert _gold_claimer(session, world) == [None]
    assert _claimer_difference(runner)[4] == "undecided"


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["take", "--annotator", "bob", "--as", "rita"], "not decided by a version"),
        (["reopen", "--as", "rita"], "not decided: there is nothing to reopen"),
        (["take", "--annotator", "carol", "--as", "rita"], "carol has no version"),
        (["take", "--as", "rita"], "--annotator NAME or --item KIND ID"),
        (["take", "--annotator", "bob", "--item", "span", "1", "--as", "rita"], "not both"),
        (["take", "--annotator", "bob", "--as", "alice"], "and admins, may adjudicate"),
        (["reopen"], "Missing option '--as'"),
    ],
)
def test_take_and_reopen_refusals_write_nothing(
    runner: Any, session: Any, world: Any, args: list[str], reason: str
) -> None:
    key = _claimer_difference(runner)[3]
    command, *rest = args
    result = runner.invoke(args=["adjudicate", command, "p", "d1", key, *rest])
    assert result.exit_code != 0
    assert reason in result.output
    assert len(result.output.strip().splitlines()) == 1 or "Usage" in result.output
    assert _gold(session, world["docs"][0], Span) == []


def test_differences_print_each_versions_note_under_it(
    runner: Any, session: Any, world: Any, make_document: Any, assign: Any
) -> None:
    """The review page and the review API showed a version's note; the command line did not."""
    doc = make_document(world["project"], TEXT, external_id="d3")
    users = world["users"]
    assign(doc, users["alice"], users["bob"])
    for name, end, note in (("alice", 9, "who exactly?"), ("bob", 14, "a spokesman\nsee p. 2")):
        layer = open_layer(session, users[name], doc, None)
        add_span(session, layer, "SOURCE", 0, end, note=note)
        claim = add_span(session, layer, "CLAIM", 15, 31)
        cue = add_span(session, layer, "CUE", 10, 14)
        if name == "alice":
            add_relation(session, layer, "CUED_BY", claim.id, cue.id, note="said: a cue?")
    session.commit()
    result = runner.invoke(args=["adjudicate", "differences", "p", "d3"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    alice = lines.index(next(x for x in lines if x.startswith("  alice\tSOURCE [0, 9)")))
    assert lines[alice + 1] == "    note: who exactly?"
    bob = lines.index(next(x for x in lines if x.startswith("  bob\tSOURCE [0, 14)")))
    assert lines[bob + 1 : bob + 3] == ["    note: a spokesman", "    note: see p. 2"]
    relation = lines.index(next(x for x in lines if x.startswith("  alice\tCUED_BY")))
    assert lines[relation + 1] == "    note: said: a cue?"
    # A version without a note has no such line.
    assert sum(x.startswith("    note: ") for x in lines) == 4


def test_a_write_on_final_gold_fails_in_one_line_and_writes_nothing(
    runner: Any, session: Any, world: Any
) -> None:
    final = runner.invoke(args=["adjudicate", "status", "p", "d1", "final", "--as", "rita"])
    assert final.exit_code == 0, final.output
    claim = world["rows"]["bob-d1"][0]
    argv = ["adjudicate", "accept", "p", "d1", "span", str(claim.id), "--as", "rita"]
    result = runner.invoke(args=argv)
    assert result.exit_code != 0
    document = world["docs"][0]
    assert result.stderr.strip().endswith(
        f"gold of document #{document.number} (d1) is marked final; set it back to in review to "
        f'change it (PUT /api/v1/projects/p/review/{document.id}/status with {{"status": '
        '"in_review"}, or "Set back to in review" on its review page)'
    )
    assert len(result.stderr.strip().splitlines()) == 1
    assert _gold(session, world["docs"][0], Span) == []


def test_marking_final_again_accepting_the_unanimous_items_takes_none_and_says_the_way(
    runner: Any, session: Any, world: Any
) -> None:
    """Marking final again is never refused; final gold takes no change, so the items it
    lacks stay out and the warning names the way to take them in: setting it back first."""
    final = runner.invoke(args=["adjudicate", "status", "p", "d1", "final", "--as", "rita"])
    assert final.exit_code == 0, final.output
    argv = ["adjudicate", "status", "p", "d1", "final", "--accept-unanimous", "--as", "rita"]
    result = runner.invoke(args=argv)
    assert result.exit_code == 0, result.output
    assert result.stdout == "d1\tfinal\n"
    assert "gold is final, so none was taken: set it back to in review first" in result.stderr
    assert "annotator adjudicate status p d1 in_review --as rita" in result.stderr
    assert _gold(session, world["docs"][0], Span) == []


def test_none_decides_that_gold_takes_none_of_a_differences_versions(
    runner: Any, client: Any, session: Any, world: Any, make_token: Any
) -> None:
    """`adjudicate none` is the page's "None of these": the same decision, the same service."""
    key = _claimer_difference(runner)[3]
    result = runner.invoke(args=["adjudicate", "none", "p", "d1", key, "--as", "rita"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "Decided: gold holds none of the versions of that difference.\n"
    assert _claimer_difference(runner)[4] == "none taken"
    assert _gold_claimer(session, world) == []
    doc = world["docs"][0]
    answer = client.get(
        f"/api/v1/projects/p/review/{doc.id}", headers=make_token(world["users"]["rita"])
    )
    said = next(d for d in answer.get_json()["differences"] if d["key"] == key)
    assert said["decided"] and said["none_taken"]["decided_by"] == "rita"
    # Reopened as the page reopens it.
    reopened = runner.invoke(args=["adjudicate", "reopen", "p", "d1", key, "--as", "rita"])
    assert reopened.exit_code == 0, reopened.output
    assert _claimer_difference(runner)[4] == "undecided"


@pytest.mark.parametrize(
    ("key", "acting", "reason"),
    [("nosuchkey", "rita", "no difference 'nosuchkey'"), (None, "bob", "may")],
)
def test_none_refusals_write_nothing(
    runner: Any, world: Any, key: str | None, acting: str, reason: str
) -> None:
    key = key or _claimer_difference(runner)[3]
    result = runner.invoke(args=["adjudicate", "none", "p", "d1", key, "--as", acting])
    assert result.exit_code == 1
    assert reason in result.output
    assert _claimer_difference(runner)[4] == "undecided"
