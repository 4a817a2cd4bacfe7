"""A link between a claim and its source, made through the API, for the browser tests of a
relation's panel and its note (test_workspace_relation_panel.py, ..._relation_note.py)."""

from __future__ import annotations

from typing import Any

#: The document both files annotate: "Officials" is the source, the rest of the sentence
#: from "the alliance" the claim.
TEXT = "Officials said the alliance would raise its target."


def linked(api: Any, doc: int, note: str | None = None) -> int:
    """Make a CLAIM, a SOURCE and the link between them (its note set to ``note`` through the
    API's PATCH when given) in ``api``'s caller's layer of ``doc``; return the link's id."""
    claim = api.write("POST", f"/documents/{doc}/spans", {"label": "CLAIM", "start": 15, "end": 50})
    source = api.write("POST", f"/documents/{doc}/spans", {"label": "SOURCE", "start": 0, "end": 9})
    body = {"type": "ATTRIBUTED_TO", "from": claim["id"], "to": source["id"]}
    relation = api.write("POST", f"/documents/{doc}/relations", body)
    if note is not None:
        api.write("PATCH", f"/relations/{relation['id']}", {"note": note})
    return int(relation["id"])


def relation_notes(api: Any, doc: int) -> list[str | None]:
    """Return the notes of the relations of ``api``'s caller's layer of ``doc``, as stored."""
    return [r.get("note") for r in api.layer(doc)["relations"]]


def wait_link_note_saved(page: Any) -> None:
    """Wait until no typed link note waits for its save, and every write has its answer."""
    page.wait_for_function(
        "() => !window.annotatorWorkspace.relationNotes.draft"
        " && window.annotatorWorkspace.api.pending() === 0",
        timeout=5_000,
    )
