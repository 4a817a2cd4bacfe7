"""Pressing keys in alice's workspace, for the tests of what a key sets, keeps and takes off:
her document open (a CLAIM span on it when asked), keys pressed with their writes answered,
and what the page said and the layer holds read back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

TEXT = "Officials said the border was closed. The ministry denied it."
#: The words of the CLAIM span :func:`open_workspace` writes when asked.
CLAIMED = "the border was closed"


def notice(page: Any) -> str:
    """Return the notice's words (what the page says of the last act)."""
    return page.evaluate("() => document.getElementById('notice').textContent")


def announced(page: Any) -> str:
    """Return what the page gave screen readers to say, once the sentence j / k reached is
    said (a quarter of a second after the keys rest)."""
    page.wait_for_function("() => !window.annotatorWorkspace?.sentenceSaid")
    return page.text_content("#announce")


@dataclass(frozen=True)
class Workspace:
    """Alice's workspace open on her document (``doc``), with her API reader."""

    tab: Any
    page: Any
    api: Any
    doc: int

    def press(self, *keys: str) -> None:
        """Press ``keys`` in turn, then wait until every write they queued is answered."""
        for key in keys:
            self.page.keyboard.press(key)
        self.tab.wait_saved()

    def select_claim(self) -> None:
        """Select the CLAIM span, as a click on its words does."""
        self.page.locator("#text .seg--span", has_text=CLAIMED).first.click()

    def values(self) -> list[tuple[int, str, Any]]:
        """Return alice's sentence values as stored: (sentence, field, value), sorted."""
        labels = self.api.layer(self.doc)["sentence_labels"]
        return sorted((x["sentence"], x["name"], x["value"]) for x in labels)

    def spans(self) -> list[tuple[str, dict[str, Any]]]:
        """Return alice's spans as stored: (label, attributes), sorted."""
        return sorted((s["label"], s["attributes"]) for s in self.api.layer(self.doc)["spans"])


def open_workspace(
    make_world: Any,
    open_tab: Any,
    api_as: Any,
    *,
    schema: dict[str, Any] | None = None,
    touch: bool = False,
    claim: bool = False,
) -> Workspace:
    """Open alice's workspace on :data:`TEXT` (in ``schema``; on a touch screen with
    ``touch``), the focus on the text; with ``claim``, a CLAIM span on :data:`CLAIMED` is
    written through the API first."""
    world = make_world({"alice": "annotator"}, schema=schema, doc=(TEXT, "news.txt"))
    api = api_as(world.tokens["alice"])
    if claim:
        start = TEXT.index(CLAIMED)
        api.write(
            "POST",
            f"/documents/{world.doc.id}/spans",
            {"label": "CLAIM", "start": start, "end": start + len(CLAIMED)},
        )
    tab = open_tab("alice", touch=touch)
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.focus("#text")
    return Workspace(tab, page, api, world.doc.id)
