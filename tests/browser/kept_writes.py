"""Writes kept offline, for the tests of the workspace's kept writes: the document they are
made on, what the browser's storage keeps, what the server holds, and the connection cut."""

from __future__ import annotations

from typing import Any

TEXT = "Officials said the border was closed. Trade fell. Prices rose."

KEPT_JS = (
    "() => Object.keys(localStorage).filter((k) => k.startsWith('annotator:unsent:'))"
    ".map((k) => JSON.parse(localStorage.getItem(k)).requests.length)"
)


def mark_source(page: Any) -> None:
    """Mark the first word, "Officials", a SOURCE by keys."""
    page.focus("#text")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("s")
    page.keyboard.press("Escape")


def stance_favor_on_sentence_2(page: Any) -> None:
    """Set stance FAVOR on the second sentence by keys."""
    page.focus("#text")
    page.keyboard.press("j")
    page.keyboard.press("f")


def stance(api: Any, doc: int) -> list[tuple[int, str]]:
    """Return the stance values the server holds: (sentence, value), sorted."""
    labels = api.layer(doc)["sentence_labels"]
    return sorted((x["sentence"], x["value"]) for x in labels if x["name"] == "stance")


def spans(api: Any, doc: int) -> list[tuple[str, int, int]]:
    """Return the spans the server holds: (label, start, end), sorted."""
    return sorted((s["label"], s["start"], s["end"]) for s in api.layer(doc)["spans"])


def reopen(tab: Any, doc: int) -> Any:
    """Open the document in a new page of the same browser (its storage kept)."""
    page = tab.page.context.new_page()
    page.goto(f"{tab.server.url}/projects/demo/documents/{doc}")
    page.wait_for_selector("#workspace[data-ready='true']", timeout=20_000)
    return page


def no_network_errors(tab: Any) -> None:
    """Drop the browser's own lines for the requests that found no network: not the page's."""
    tab.errors[:] = [e for e in tab.errors if "ERR_INTERNET_DISCONNECTED" not in e]


def writes_fail(page: Any) -> None:
    """The connection is down for writes only: the page's reads still come (it opens), but
    no write reaches the server, so the kept ones cannot be sent as it opens."""
    page.route(
        "**/api/v1/**",
        lambda route: route.continue_() if route.request.method == "GET" else route.abort(),
    )
