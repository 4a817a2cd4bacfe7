"""The review page where gold holds alice's two claims and bob marked one claim over both.

Taking bob's version instead replaces both with his (her first moved onto it, her second
removed, said): the page offered "Take bob's instead" and then refused it, gold holding two
spans of that difference to choose from. Accepting bob's relation from his claim ends at her
claim covering more of his, said: it was refused as if gold held two versions."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server

THE_TALKS = (15, 24)  # "the talks"
FAILED = (25, 41)  # "failed yesterday"
BOBS = (15, 41)


def test_taking_bobs_claim_instead_of_alices_two_on_the_review_page(
    curation_world: Any, server: Any, open_tab: Any, api_as: Any
) -> None:
    world = curation_world
    doc = world.doc.id
    for name, bounds in (("alice", THE_TALKS), ("alice", FAILED), ("bob", BOBS)):
        body = {"label": "CLAIM", "start": bounds[0], "end": bounds[1]}
        api_as(world.tokens[name]).write("POST", f"/documents/{doc}/spans", body)
    reader = api_as(world.tokens["rita"])
    page = open_tab("rita").page
    page.goto(f"{server.url}/projects/demo/review/{doc}")
    claims = page.locator("section.difference").first
    claims.locator("button", has_text="Accept alice’s").first.click()
    page.wait_for_selector("text=With it came the rest of alice’s version")
    claims = page.locator("section.difference").first
    assert "Decided: gold holds alice’s" in claims.inner_text()

    claims.locator("button", has_text="Take bob’s instead").click()
    page.wait_for_selector("text=Took that version into gold instead.")

    said = page.locator(".flash").first.inner_text()
    assert "Removed with the version replaced: CLAIM [25, 41)" in said, said
    gold = reader.layer(doc, "gold")
    assert [(s["label"], s["start"], s["end"]) for s in gold["spans"]] == [("CLAIM", *BOBS)]
    claims = page.locator("section.difference").first
    assert "Decided: gold holds bob’s" in claims.inner_text()
    assert claims.locator("button", has_text="Take alice’s instead").count() == 2
    assert "Differences (0 to decide, 1 in all)" in page.locator("h2").first.inner_text()


def test_bobs_relation_ends_at_alices_claim_covering_more_of_his(
    curation_world: Any, server: Any, open_tab: Any, api_as: Any
) -> None:
    """Gold holds alice's two claims: "Accept bob's" on his relation (from his one claim over
    both) was refused; it ends at her second claim, the longer part of his, and says so."""
    world = curation_world
    doc = world.doc.id
    for name, bounds in (("alice", THE_TALKS), ("alice", FAILED)):
        body = {"label": "CLAIM", "start": bounds[0], "end": bounds[1]}
        api_as(world.tokens[name]).write("POST", f"/documents/{doc}/spans", body)
    bob = api_as(world.tokens["bob"])
    claim = bob.write("POST", f"/documents/{doc}/spans", {"label": "CLAIM", "start": 15, "end": 41})
    source = bob.write("POST", f"/documents/{doc}/spans", {"label": "SOURCE", "start": 0, "end": 9})
    body = {"type": "ATTRIBUTED_TO", "from": claim["id"], "to": source["id"]}
    bob.write("POST", f"/documents/{doc}/relations", body)
    reader = api_as(world.tokens["rita"])
    page = open_tab("rita").page
    page.goto(f"{server.url}/projects/demo/review/{doc}")
    claims = page.locator("section.difference", has_text="CLAIM: the starts").or_(
        page.locator("section.difference", has_text="CLAIM: same start")
    )
    claims.locator("button", has_text="Accept alice’s").first.click()
    page.wait_for_selector("text=With it came the rest of alice’s version")

    linked = page.locator("section.difference", has_text="ATTRIBUTED_TO")
    linked.locator("button", has_text="Accept bob’s").first.click()
    page.wait_for_selector("text=Accepted the relation into gold")

    said = page.locator(".flash").first.inner_text()
    assert "Its end CLAIM [15, 41)" in said, said
    assert "is gold’s CLAIM [25, 41) “failed yesterday”" in said, said
    gold = reader.layer(doc, "gold")
    spans = {s["id"]: (s["start"], s["end"]) for s in gold["spans"]}
    assert [(spans[r["from"]], spans[r["to"]]) for r in gold["relations"]] == [(FAILED, (0, 9))]


def test_taking_bobs_claim_repoints_her_second_claims_cue_and_says_so(
    curation_world: Any, server: Any, open_tab: Any, api_as: Any
) -> None:
    """Her second claim's relations went with it, though its cue stays in gold and bob's
    claim stands where hers stood: the cue's relation now starts at his claim, said in the
    flash beside the source relation that could not follow (his claim has one already)."""
    world = curation_world
    doc = world.doc.id
    alice = api_as(world.tokens["alice"])
    ids = {}
    for name, label, bounds in (
        ("first", "CLAIM", THE_TALKS),
        ("second", "CLAIM", FAILED),
        ("officials", "SOURCE", (0, 9)),
        ("said", "CUE", (10, 14)),
    ):
        body = {"label": label, "start": bounds[0], "end": bounds[1]}
        ids[name] = alice.write("POST", f"/documents/{doc}/spans", body)["id"]
    links = [("ATTRIBUTED_TO", "first", "officials"), ("ATTRIBUTED_TO", "second", "officials")]
    links.append(("CUED_BY", "second", "said"))
    bob = api_as(world.tokens["bob"])
    bob.write("POST", f"/documents/{doc}/spans", {"label": "CLAIM", "start": 15, "end": 41})
    reader = api_as(world.tokens["rita"])
    for kind, source, target in links:
        body = {"type": kind, "from": ids[source], "to": ids[target]}
        made = alice.write("POST", f"/documents/{doc}/relations", body)
        reader.write(
            "POST", f"/projects/demo/review/{doc}/accept", {"kind": "relation", "id": made["id"]}
        )
    page = open_tab("rita").page
    page.goto(f"{server.url}/projects/demo/review/{doc}")

    page.locator("button", has_text="Take bob’s instead").first.click()
    page.wait_for_selector("text=Took that version into gold instead.")

    said = " ".join(page.locator(".flash").first.inner_text().split())
    assert "Removed with the version replaced: CLAIM [25, 41)" in said, said
    assert (
        "1 relation at it now ends at the span that replaces it: CUED_BY CLAIM [25, 41) "
        "“failed yesterday” → CUE [10, 14) “said” is now CUED_BY CLAIM [15, 41) "
        "“the talks failed yesterday” → CUE [10, 14) “said”."
    ) in said, said
    assert "1 relation at it went with it: ATTRIBUTED_TO CLAIM [25, 41)" in said, said
    gold = reader.layer(doc, "gold")
    spans = {s["id"]: (s["label"], s["start"], s["end"]) for s in gold["spans"]}
    assert sorted((r["type"], spans[r["from"]], spans[r["to"]]) for r in gold["relations"]) == [
        ("ATTRIBUTED_TO", ("CLAIM", *BOBS), ("SOURCE", 0, 9)),
        ("CUED_BY", ("CLAIM", *BOBS), ("CUE", 10, 14)),
    ]
