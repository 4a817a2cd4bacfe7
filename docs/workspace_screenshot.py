"""Take docs/workspace.png and docs/screenshots/workspace-arcs.png: the workspace on the first
seed article, as alice annotates it, with her relations drawn as arcs over the text;
docs/screenshots/curation.png: the curation view of that article once bob has annotated it too,
each lane with its relations drawn as arcs and the first relation difference focused; and
docs/screenshots/history.png: that article's history as the reviewer reads it, once alice has
deleted one of her spans and changed two others.

Re-run from the repository root with:

    .venv/bin/python docs/workspace_screenshot.py [--out docs/workspace.png]
        [--arcs-out docs/screenshots/workspace-arcs.png]
        [--curation-out docs/screenshots/curation.png]
        [--history-out docs/screenshots/history.png]

It builds the demo in a temporary SQLite database (as ``annotator demo`` does), serves it with
gunicorn on loopback (tests/live_server.py), adds alice's spans, relations and labels through
the API, then opens the workspace in the system Chromium and selects the first claim; for the
second picture it points at the second claim, which lights up its arcs and their ends.
"""

from __future__ import annotations

import argparse
import re
import tempfile
from pathlib import Path

import requests
from screenshot_demo import ROOT, demo_database, demo_password, log_in

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.live_server import LiveServer

# (label, words, attributes) on the first seed article; relations join them below.
SPANS = [
    (
        "CLAIM",
        "the Soviet invasions of Hungary and Czechoslovakia were wrong",
        {"claimer": "REPORTED"},
    ),
    ("SOURCE", "Russian President Vladimir Putin", {}),
    ("CUE", "acknowledged", {}),
    ("BIASED_WORD", "surprising", {"type": "LEXICAL"}),
    ("CLAIM", "Soviet invasions of Hungary", {"claimer": "REPORTED"}),
    ("SOURCE", "President Putin", {}),
    ("CUE", "emphasized", {}),
    (
        "CLAIM",
        "the importance of not harming the interests of other nations in foreign policy",
        {"claimer": "REPORTED"},
    ),
]
# (type, from, to) by position in SPANS.
RELATIONS = [
    ("ATTRIBUTED_TO", 0, 1),
    ("CUED_BY", 0, 2),
    ("ATTRIBUTED_TO", 4, 5),
    ("CUED_BY", 4, 6),
    ("ATTRIBUTED_TO", 7, 5),
    ("CUED_BY", 7, 6),
]


# Bob's version of the same sentences, for the curation view: the same claims, a longer
# source, no bias mark, another stance.
BOB_SPANS = [
    SPANS[0],
    ("SOURCE", "In a surprising admission, Russian President Vladimir Putin", {}),
    SPANS[2],
    ("CLAIM", "Soviet invasions of Hungary", {"claimer": "JOURNALIST"}),
    *SPANS[5:],
]
BOB_RELATIONS = [
    ("ATTRIBUTED_TO", 0, 1),
    ("CUED_BY", 0, 2),
    ("ATTRIBUTED_TO", 4, 3),
    ("CUED_BY", 4, 5),
]
ALICE_LABELS = [
    (1, "checkworthiness", "CHECK_WORTHY_FACTUAL"),
    (1, "stance", "FAVOR"),
    (1, "bias", "NON_BIASED"),
    (2, "stance", "NONE"),
    (None, "genre", "NEWS"),
]
BOB_LABELS = [(1, "stance", "NONE"), (1, "bias", "NON_BIASED"), (None, "genre", "NEWS")]
# Alice's second thoughts, for the history: (label, words) of one of her spans and what
# becomes of it, None to delete it. She drops the bias mark, takes bob's wider source (which
# now holds the word she marked) and bob's claimer on the second claim.
ALICE_CHANGES = [
    (("BIASED_WORD", "surprising"), None),
    (
        ("SOURCE", "Russian President Vladimir Putin"),
        {"words": "In a surprising admission, Russian President Vladimir Putin"},
    ),
    (("CLAIM", "Soviet invasions of Hungary"), {"attributes": {"claimer": "JOURNALIST"}}),
]


def logged_in(server: LiveServer, username: str) -> requests.Session:
    """Return an HTTP session logged in through the form as the demo user ``username``."""
    http = requests.Session()
    http.trust_env = False
    page = http.get(f"{server.url}/auth/login").text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    http.post(
        f"{server.url}/auth/login",
        data={"csrf_token": token, "username": username, "password": demo_password(username)},
    )
    http.headers["X-CSRFToken"] = http.get(f"{server.url}/api/v1/csrf-token").json()["csrf_token"]
    return http


def annotate(
    server: LiveServer,
    username: str = "alice",
    spans: list = SPANS,
    relations: list = RELATIONS,
    labels: list = ALICE_LABELS,
) -> int:
    """Log in as ``username`` and write these annotations of their first document; return
    its id."""
    http = logged_in(server, username)
    csrf: dict[str, str] = {}
    api = f"{server.url}/api/v1"
    documents = http.get(f"{api}/projects/demo/documents").json()["documents"]
    document = http.get(f"{api}/documents/{documents[0]['id']}").json()
    text = document["text"]
    ids = []
    for label, words, attributes in spans:
        start = text.index(words)
        body = {"label": label, "start": start, "end": start + len(words), "attributes": attributes}
        answer = http.post(f"{api}/documents/{document['id']}/spans", json=body, headers=csrf)
        answer.raise_for_status()
        ids.append(answer.json()["id"])
    for kind, a, b in relations:
        body = {"type": kind, "from": ids[a], "to": ids[b]}
        http.post(f"{api}/documents/{document['id']}/relations", json=body, headers=csrf)
    for sentence, name, value in labels:
        body = {"sentence": sentence, "name": name, "value": value}
        http.put(f"{api}/documents/{document['id']}/labels", json=body, headers=csrf)
    http.close()
    return document["id"]


def revise(server: LiveServer, document_id: int, changes: list = ALICE_CHANGES) -> None:
    """Log in as alice and delete or change her spans of ``document_id`` as ``changes`` say."""
    http = logged_in(server, "alice")
    api = f"{server.url}/api/v1"
    text = http.get(f"{api}/documents/{document_id}").json()["text"]
    layer = http.get(f"{api}/documents/{document_id}/annotations").json()
    for (label, words), change in changes:
        span = next(s for s in layer["spans"] if s["label"] == label and s["text"] == words)
        if change is None:
            http.delete(f"{api}/spans/{span['id']}").raise_for_status()
            continue
        body = dict(change)
        if "words" in body:
            start = text.index(body.pop("words"))
            body |= {"start": start, "end": start + len(change["words"])}
        http.patch(f"{api}/spans/{span['id']}", json=body).raise_for_status()
    http.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "workspace.png"))
    parser.add_argument(
        "--arcs-out", default=str(ROOT / "docs" / "screenshots" / "workspace-arcs.png")
    )
    parser.add_argument(
        "--curation-out", default=str(ROOT / "docs" / "screenshots" / "curation.png")
    )
    parser.add_argument("--history-out", default=str(ROOT / "docs" / "screenshots" / "history.png"))
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/demo.sqlite"
        with demo_database(url):
            pass  # the demo as it is: alice and bob annotate through the API below
        with LiveServer(url, workers=2, log_path=Path(tmp) / "gunicorn.log") as server:
            document = annotate(server)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
                )
                page = browser.new_context(
                    viewport={"width": 1440, "height": 900}, device_scale_factor=1
                ).new_page()
                log_in(page, server.url, "alice")
                page.goto(f"{server.url}/projects/demo/documents/{document}")
                page.wait_for_selector("#workspace[data-ready='true']")
                page.keyboard.press("j")
                page.locator("#text .seg--span", has_text="Czechoslovakia were wrong").first.click()
                page.screenshot(path=args.out)
                page.keyboard.press("Escape")
                page.locator("#text .seg--span", has_text="other nations").first.hover()
                Path(args.arcs_out).parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=args.arcs_out)
                # The curation view: bob's version too, gold with the unanimous items.
                annotate(server, "bob", BOB_SPANS, BOB_RELATIONS, BOB_LABELS)
                reviewer = logged_in(server, "reviewer")
                reviewer.post(
                    f"{server.url}/api/v1/projects/demo/review/{document}/unanimous"
                ).raise_for_status()
                page = browser.new_context(
                    viewport={"width": 1440, "height": 1100}, device_scale_factor=1
                ).new_page()
                log_in(page, server.url, "reviewer")
                page.goto(f"{server.url}/projects/demo/review/{document}/curate")
                page.wait_for_selector(".cur-lane .arc")
                # n up to the first relation difference, so that its arcs light up.
                for _ in range(20):
                    page.keyboard.press("n")
                    if page.locator(".arc.arc--focus").count():
                        break
                page.screenshot(path=args.curation_out)
                # The history: alice's second thoughts on top of her layer's section.
                revise(server, document)
                page.goto(f"{server.url}/projects/demo/review/{document}/history")
                page.set_viewport_size({"width": 1440, "height": 1000})
                page.screenshot(path=args.history_out)
                browser.close()
    print(f"wrote {args.out}, {args.arcs_out}, {args.curation_out} and {args.history_out}")


if __name__ == "__main__":
    main()
