"""Writes made offline outlive the tab: kept in the browser, sent the next time it opens.

Found by an analyst's day of work: offline, `f` said "stance FAVOR set on sentence 2." and the
bar "Connection lost: retrying"; the tab closed, reopened, and the sentence had no stance,
the server none either, and nothing had warned. Now the page asks before it is left with
writes unsaved, keeps them (with their Idempotency-Keys) in localStorage while the connection
is down, and sends them the next time the same user opens the document: once, in order, and a
write that has gone stale meanwhile is refused and said, not forced.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.browser.browser_helpers import select_text
from tests.browser.kept_writes import (
    KEPT_JS,
    TEXT,
    mark_source,
    no_network_errors,
    reopen,
    spans,
    stance,
    stance_favor_on_sentence_2,
    writes_fail,
)

pytestmark = pytest.mark.server


def _offline_writes(tab: Any, doc: int) -> Any:
    """Open the document, go offline, set stance FAVOR on sentence 2 and mark "Officials" a
    SOURCE; return the page once both writes are kept in storage."""
    page = tab.open(f"/projects/demo/documents/{doc}")
    page.context.set_offline(True)
    mark_source(page)
    stance_favor_on_sentence_2(page)
    page.locator("#save-state[data-state='retrying']").wait_for(timeout=10_000)
    page.wait_for_function(f"() => ({KEPT_JS})().join() === '2'", timeout=10_000)
    return page


def test_writes_made_offline_are_sent_once_when_the_document_opens_again(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    api = api_as(world.tokens["alice"])
    doc = world.doc.id
    tab = open_tab("alice")
    page = _offline_writes(tab, doc)
    assert stance(api, doc) == [] and spans(api, doc) == []

    page.close()  # the tab closed while offline
    tab.page.context.set_offline(False)
    again = reopen(tab, doc)
    assert spans(api, doc) == [("SOURCE", 0, 9)]
    assert stance(api, doc) == [(1, "FAVOR")]
    notice = again.inner_text("#notice")
    assert "Saved 2 changes made before this page was last closed." in notice
    # Shown as stored, and nothing left to send: a second opening sends nothing again.
    shown = "() => window.annotatorWorkspace.store.sentenceLabels.get('1|stance')"
    assert again.evaluate(shown) == "FAVOR"
    assert again.evaluate(KEPT_JS) == []
    again.reload()
    again.wait_for_selector("#workspace[data-ready='true']")
    assert "made before this page was last closed" not in again.inner_text("#notice")
    assert spans(api, doc) == [("SOURCE", 0, 9)]
    no_network_errors(tab)


def test_a_kept_write_gone_stale_meanwhile_is_refused_and_said(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    api = api_as(world.tokens["alice"])
    doc = world.doc.id
    tab = open_tab("alice")
    page = _offline_writes(tab, doc)
    page.close()
    # Meanwhile, from elsewhere (another device), sentence 2's stance is set AGAINST.
    against = {"sentence": 1, "name": "stance", "value": "AGAINST"}
    api.write("PUT", f"/documents/{doc}/labels", against)

    tab.page.context.set_offline(False)
    again = reopen(tab, doc)
    assert stance(api, doc) == [(1, "AGAINST")]  # not overwritten
    assert spans(api, doc) == [("SOURCE", 0, 9)]  # the other kept write still went
    notice = again.inner_text("#notice")
    assert "Saved 1 change made before this page was last closed." in notice
    assert "Not saved, of the changes made before this page was last closed:" in notice
    # In the page's words: its sentence numbered from 1, as the workspace shows it (the API's
    # 409 names it by its index from 0; api.js's pageMessage says it again).
    assert "'stance' on sentence 2 was changed elsewhere" in notice
    assert "it is now AGAINST" in notice
    assert again.evaluate(KEPT_JS) == []
    no_network_errors(tab)
    tab.errors[:] = [e for e in tab.errors if "409" not in e]


def test_a_kept_write_that_had_landed_is_not_made_twice(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    """The tab closed after the server stored the write but before its answer came: the kept
    copy carries the same Idempotency-Key, and the server answers it from its record."""
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    api = api_as(world.tokens["alice"])
    doc = world.doc.id
    body = {"label": "SOURCE", "start": 0, "end": 9}
    # The bytes the page sends (JSON.stringify): a key names one request, body and all.
    response = api.http.post(
        f"{api.server.url}/api/v1/documents/{doc}/spans",
        data=json.dumps(body, separators=(",", ":")),
        headers={"Idempotency-Key": "kept-once-1", "Content-Type": "application/json"},
        timeout=20,
    )
    assert response.status_code == 201, response.text
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{doc}")
    key = page.evaluate("() => window.annotatorWorkspace.unsentKey")
    kept = {
        "at": 0,
        "requests": [
            {
                "method": "POST",
                "path": f"/documents/{doc}/spans",
                "body": body,
                "key": "kept-once-1",
            }
        ],
    }
    page.evaluate(
        "([key, kept]) => localStorage.setItem(key, JSON.stringify({...kept, at: Date.now()}))",
        [key, kept],
    )
    page.reload()
    page.wait_for_selector("#workspace[data-ready='true']")
    assert spans(api, doc) == [("SOURCE", 0, 9)]
    assert "Saved 1 change made before this page was last closed." in page.inner_text("#notice")
    assert page.evaluate(KEPT_JS) == []


def test_kept_writes_are_the_user_s_own(make_world: Any, open_tab: Any, api_as: Any) -> None:
    """Another user opening the document in the same browser sends none of them."""
    world = make_world({"alice": "annotator", "bob": "annotator"}, doc=(TEXT, "news.txt"))
    doc = world.doc.id
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{doc}")
    key = page.evaluate("() => window.annotatorWorkspace.unsentKey")
    assert ":alice:" in key
    kept = {
        "at": 0,
        "requests": [
            {
                "method": "PUT",
                "path": f"/documents/{doc}/labels",
                "body": {"sentence": 0, "name": "stance", "value": "FAVOR"},
                "key": "k-alice",
            }
        ],
    }
    # Stored under bob's key in alice's browser: bob's page would send it, alice's does not.
    bob_key = key.replace(":alice:", ":bob:")
    page.evaluate(
        "([key, kept]) => localStorage.setItem(key, JSON.stringify({...kept, at: Date.now()}))",
        [bob_key, json.loads(json.dumps(kept))],
    )
    page.reload()
    page.wait_for_selector("#workspace[data-ready='true']")
    assert stance(api_as(world.tokens["alice"]), doc) == []
    assert stance(api_as(world.tokens["bob"]), doc) == []


def test_leaving_with_writes_unsaved_is_asked_first(make_world: Any, open_tab: Any) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    tab = open_tab("alice")
    page = _offline_writes(tab, world.doc.id)
    with page.expect_event("dialog", timeout=10_000) as asked:
        page.close(run_before_unload=True)
    assert asked.value.type == "beforeunload"
    asked.value.dismiss()  # stay on the page
    assert page.evaluate("() => window.annotatorWorkspace.api.pending()") == 2
    # Once saved, leaving is not asked.
    page.context.set_offline(False)
    tab.wait_saved()
    seen: list[str] = []
    page.on("dialog", lambda dialog: (seen.append(dialog.type), dialog.dismiss()))
    with page.expect_event("close", timeout=10_000):
        page.close(run_before_unload=True)
    assert seen == []
    no_network_errors(tab)


def test_a_link_made_offline_between_spans_made_offline_is_kept_and_sent_after_them(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    """The link needs the two spans' ids, which only their saves bring back: it is kept naming
    them by the page's keys, and the ids their answers give are put in when it is sent."""
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    api = api_as(world.tokens["alice"])
    doc = world.doc.id
    tab = open_tab("alice")
    page = _offline_writes(tab, doc)  # a SOURCE over "Officials", then stance FAVOR
    start = TEXT.index("the border was closed")
    select_text(page, start, start + len("the border was closed"))
    page.keyboard.press("c")  # a CLAIM
    page.locator("#text .seg[data-tags='CLAIM']").click()
    page.keyboard.press("l")
    page.locator("#text .seg[data-tags='SOURCE']").click()  # linked at once: ATTRIBUTED_TO
    # All four kept: the link too, though neither of its spans has an id yet.
    page.wait_for_function(f"() => ({KEPT_JS})().join() === '4'", timeout=10_000)
    page.close()
    tab.page.context.set_offline(False)
    again = reopen(tab, doc)
    layer = api.layer(doc)
    text = {s["id"]: s["text"] for s in layer["spans"]}
    assert sorted(text.values()) == ["Officials", "the border was closed"]
    assert [(r["type"], text[r["from"]], text[r["to"]]) for r in layer["relations"]] == [
        ("ATTRIBUTED_TO", "the border was closed", "Officials")
    ]
    assert "Saved 4 changes made before this page was last closed." in again.inner_text("#notice")
    assert again.evaluate(KEPT_JS) == []
    no_network_errors(tab)


def test_a_kept_link_whose_span_is_refused_is_refused_and_said(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    api = api_as(world.tokens["alice"])
    doc = world.doc.id
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{doc}")
    api.write("POST", f"/documents/{doc}/spans", {"label": "SOURCE", "start": 0, "end": 9})
    page.reload()
    page.wait_for_selector("#workspace[data-ready='true']")
    page.context.set_offline(True)
    start = TEXT.index("the border was closed")
    select_text(page, start, start + len("the border was closed"))
    page.keyboard.press("c")
    page.locator("#text .seg[data-tags='CLAIM']").click()
    page.keyboard.press("l")
    page.locator("#text .seg[data-tags='SOURCE']").click()
    page.wait_for_function(f"() => ({KEPT_JS})().join() === '2'", timeout=10_000)
    page.close()
    # Meanwhile the layer is marked done elsewhere: the claim is refused, and so the link.
    api.write("PUT", f"/documents/{doc}/status", {"status": "done"})
    tab.page.context.set_offline(False)
    again = reopen(tab, doc)
    assert [s["label"] for s in api.layer(doc)["spans"]] == ["SOURCE"]
    assert api.layer(doc)["relations"] == []
    notice = again.inner_text("#notice")
    assert "a change naming a span or link made then, which was itself not saved" in notice
    assert again.evaluate(KEPT_JS) == []
    no_network_errors(tab)
    tab.errors[:] = [e for e in tab.errors if "409" not in e]


KEPT_AT_JS = (
    "() => Object.keys(localStorage).filter((k) => k.startsWith('annotator:unsent:'))"
    ".flatMap((k) => JSON.parse(localStorage.getItem(k)).requests.map((r) => r.at))"
)


def test_each_kept_write_keeps_its_own_first_time_while_it_is_kept_again(
    make_world: Any, open_tab: Any
) -> None:
    """The list is kept again at each retry: a write's age still counts from when it was
    made, so one retried for a day is not replayed after the server forgot its key."""
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    tab = open_tab("alice")
    page = _offline_writes(tab, world.doc.id)
    first = page.evaluate(KEPT_AT_JS)
    assert len(first) == 2 and all(isinstance(at, int) for at in first)
    assert first[0] <= first[1]
    # The retries (250 ms, 500 ms, 1 s...) keep the list again, each time.
    page.wait_for_timeout(2_000)
    assert page.evaluate(KEPT_AT_JS) == first
    no_network_errors(tab)


def test_a_kept_write_older_than_the_server_keeps_its_key_is_not_sent(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    """Only that write is dropped: the one kept beside it, made later, still goes."""
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    api = api_as(world.tokens["alice"])
    doc = world.doc.id
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{doc}")
    key = page.evaluate("() => window.annotatorWorkspace.unsentKey")
    day = 24 * 60 * 60 * 1000
    requests = [
        {
            "method": "PUT",
            "path": f"/documents/{doc}/labels",
            "body": {"sentence": 0, "name": "stance", "value": "FAVOR"},
            "key": "k-a-day-old",
            "ago": day,
        },
        {
            "method": "POST",
            "path": f"/documents/{doc}/spans",
            "body": {"label": "SOURCE", "start": 0, "end": 9},
            "key": "k-just-now",
            "ago": 0,
        },
    ]
    page.evaluate(
        "([key, requests]) => localStorage.setItem(key, JSON.stringify({requests: requests.map("
        "({ago, ...r}) => ({...r, at: Date.now() - ago}))}))",
        [key, requests],
    )
    page.reload()
    page.wait_for_selector("#workspace[data-ready='true']")
    assert spans(api, doc) == [("SOURCE", 0, 9)]
    assert stance(api, doc) == []
    assert "Saved 1 change made before this page was last closed." in page.inner_text("#notice")
    assert page.evaluate(KEPT_JS) == []


def test_a_kept_note_written_like_a_token_is_sent_as_written(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    """Only a link's ends and the path can name a span made offline; a note is the user's."""
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    api = api_as(world.tokens["alice"])
    doc = world.doc.id
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{doc}")
    key = page.evaluate("() => window.annotatorWorkspace.unsentKey")
    body = {"label": "SOURCE", "start": 0, "end": 9, "note": "@@todo@@"}
    request = {"method": "POST", "path": f"/documents/{doc}/spans", "body": body, "key": "k-n"}
    page.evaluate(
        "([key, r]) => localStorage.setItem(key,"
        " JSON.stringify({requests: [{...r, at: Date.now()}]}))",
        [key, request],
    )
    page.reload()
    page.wait_for_selector("#workspace[data-ready='true']")
    assert [(s["label"], s.get("note")) for s in api.layer(doc)["spans"]] == [
        ("SOURCE", "@@todo@@")
    ]
    assert "Saved 1 change made before this page was last closed." in page.inner_text("#notice")


def _seed_earlier(page: Any, doc: int) -> str:
    """Keep one write from an earlier visit (stance FAVOR on sentence 1); return the key."""
    key = page.evaluate("() => window.annotatorWorkspace.unsentKey")
    request = {
        "method": "PUT",
        "path": f"/documents/{doc}/labels",
        "body": {"sentence": 0, "name": "stance", "value": "FAVOR"},
        "key": "k-earlier",
    }
    page.evaluate(
        "([key, r]) => localStorage.setItem(key,"
        " JSON.stringify({requests: [{...r, at: Date.now() - 60000}]}))",
        [key, request],
    )
    return key


KEPT_KEYS_JS = (
    "() => Object.keys(localStorage).filter((k) => k.startsWith('annotator:unsent:'))"
    ".flatMap((k) => JSON.parse(localStorage.getItem(k)).requests.map((r) => r.key))"
)


def test_a_write_made_offline_keeps_the_writes_kept_from_before_it(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    """Writes kept from an earlier visit that could not be sent as the page opened (writes
    still failing) stay kept when this visit's first offline write is kept: ahead of it, with
    their own key and time, and both go, in that order, once the connection is back."""
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    api = api_as(world.tokens["alice"])
    doc = world.doc.id
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{doc}")
    _seed_earlier(page, doc)
    earlier_at = page.evaluate(KEPT_AT_JS)
    writes_fail(page)
    page.reload()
    page.wait_for_selector("#workspace[data-ready='true']")
    assert "1 change made before this page was last closed still to send" in page.inner_text(
        "#notice"
    )
    stance_favor_on_sentence_2(page)
    page.locator("#save-state[data-state='retrying']").wait_for(timeout=10_000)
    page.wait_for_function(f"() => ({KEPT_JS})().join() === '2'", timeout=10_000)
    keys = page.evaluate(KEPT_KEYS_JS)
    assert keys[0] == "k-earlier" and keys[1] != "k-earlier"
    assert page.evaluate(KEPT_AT_JS)[0] == earlier_at[0]
    assert stance(api, doc) == []

    page.close()
    again = reopen(tab, doc)  # a new page: its writes are not routed to fail
    assert stance(api, doc) == [(0, "FAVOR"), (1, "FAVOR")]
    assert "Saved 2 changes made before this page was last closed." in again.inner_text("#notice")
    assert again.evaluate(KEPT_JS) == []
    tab.errors[:] = [e for e in tab.errors if "ERR_FAILED" not in e]


def test_the_writes_kept_from_before_go_ahead_of_this_visit_s_once_the_connection_is_back(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    """An earlier visit's write not sent as the page opened goes first when writes go through
    again, before this visit's: sent after it (at the next opening, as it once was), an older
    write could land over a newer one on the same span or label."""
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    api = api_as(world.tokens["alice"])
    doc = world.doc.id
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{doc}")
    _seed_earlier(page, doc)
    # Writes fail until the connection is back; then each one sent is recorded, in order.
    down = [True]
    sent: list[str | None] = []

    def connection(route: Any) -> None:
        if route.request.method == "GET":
            route.continue_()
        elif down[0]:
            route.abort()
        else:
            sent.append(route.request.headers.get("idempotency-key"))
            route.continue_()

    page.route("**/api/v1/**", connection)
    page.reload()
    page.wait_for_selector("#workspace[data-ready='true']")
    stance_favor_on_sentence_2(page)
    page.wait_for_function(f"() => ({KEPT_JS})().join() === '2'", timeout=10_000)
    down[0] = False  # the connection back: the retries go
    tab.wait_saved()
    assert len(sent) == 2 and sent[0] == "k-earlier", sent
    assert stance(api, doc) == [(0, "FAVOR"), (1, "FAVOR")]
    assert page.evaluate(KEPT_KEYS_JS) == []
    notice = page.inner_text("#notice")
    assert "Saved 1 change made before this page was last closed. Reload to see it." in notice

    page.close()
    again = reopen(tab, doc)
    assert "made before this page was last closed" not in again.inner_text("#notice")
    assert again.evaluate(KEPT_JS) == []
    tab.errors[:] = [e for e in tab.errors if "ERR_FAILED" not in e]


def test_a_token_names_the_latest_kept_write_making_its_key(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    """One list can hold two visits' writes, and a page's keys are its own ("s1" on each):
    a link naming the span the second visit's "s1" makes is not sent to the first's, which
    was saved, when the second's is refused; it is refused, saying why."""
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    api = api_as(world.tokens["alice"])
    doc = world.doc.id
    claim = api.write(
        "POST", f"/documents/{doc}/spans", {"label": "CLAIM", "start": 19, "end": 36}
    )["id"]
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{doc}")
    key = page.evaluate("() => window.annotatorWorkspace.unsentKey")
    spans_path = f"/documents/{doc}/spans"
    requests = [
        # The first visit's span, saved as the page opens.
        {"method": "POST", "path": spans_path, "key": "k-v1", "makes": "s1",
         "body": {"label": "SOURCE", "start": 0, "end": 9}},
        # The second visit's, under the same key, refused (it ends past the text).
        {"method": "POST", "path": spans_path, "key": "k-v2", "makes": "s1",
         "body": {"label": "SOURCE", "start": 0, "end": 9999}},
        {"method": "POST", "path": f"/documents/{doc}/relations", "key": "k-link",
         "body": {"type": "ATTRIBUTED_TO", "from": claim, "to": "@@s1@@"}},
    ]  # fmt: skip
    page.evaluate(
        "([key, requests]) => localStorage.setItem(key, JSON.stringify({requests: requests.map("
        "(r) => ({...r, at: Date.now()}))}))",
        [key, requests],
    )
    page.reload()
    page.wait_for_selector("#workspace[data-ready='true']")
    assert spans(api, doc) == [("CLAIM", 19, 36), ("SOURCE", 0, 9)]
    assert api.layer(doc)["relations"] == []
    notice = page.inner_text("#notice")
    assert "Saved 1 change made before this page was last closed." in notice
    assert "a change naming a span or link made then, which was itself not saved" in notice
    assert page.evaluate(KEPT_JS) == []
    tab.errors[:] = [e for e in tab.errors if "422" not in e]
