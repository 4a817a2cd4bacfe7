"""Take docs/workspace.png and docs/screenshots/workspace-arcs.png: the workspace on the first
seed article, as alice annotates it, with her relations drawn as arcs over the text.

Re-run from the repository root with:

    .venv/bin/python docs/workspace_screenshot.py [--out docs/workspace.png]
        [--arcs-out docs/screenshots/workspace-arcs.png]

It builds the demo in a temporary SQLite database (as ``annotator demo`` does), serves it with
gunicorn on loopback (tests/live_server.py), adds alice's spans, relations and labels through
the API, then opens the workspace in the system Chromium and selects the first claim; for the
second picture it points at the second claim, which lights up its arcs and their ends.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.live_server import LiveServer  # noqa: E402

PASSWORD = "demo-alice-pass"
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


def build(database_url: str) -> None:
    from annotator import create_app, db
    from annotator.services.demo import load_demo

    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "screenshot"})
    with app.app_context():
        db.upgrade(app)
        load_demo(db.get_session(), ROOT / "seeds")
        db.get_session().commit()
    db.get_engine(app).dispose()


def annotate(server: LiveServer) -> int:
    """Log in as alice and write her annotations of her first document; return its id."""
    http = requests.Session()
    http.trust_env = False
    page = http.get(f"{server.url}/auth/login").text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    http.post(
        f"{server.url}/auth/login",
        data={"csrf_token": token, "username": "alice", "password": PASSWORD},
    )
    csrf = {"X-CSRFToken": http.get(f"{server.url}/api/v1/csrf-token").json()["csrf_token"]}
    api = f"{server.url}/api/v1"
    documents = http.get(f"{api}/projects/demo/documents").json()["documents"]
    document = http.get(f"{api}/documents/{documents[0]['id']}").json()
    text = document["text"]
    ids = []
    for label, words, attributes in SPANS:
        start = text.index(words)
        body = {"label": label, "start": start, "end": start + len(words), "attributes": attributes}
        answer = http.post(f"{api}/documents/{document['id']}/spans", json=body, headers=csrf)
        answer.raise_for_status()
        ids.append(answer.json()["id"])
    for kind, a, b in RELATIONS:
        body = {"type": kind, "from": ids[a], "to": ids[b]}
        http.post(f"{api}/documents/{document['id']}/relations", json=body, headers=csrf)
    for sentence, name, value in [
        (1, "checkworthiness", "CHECK_WORTHY_FACTUAL"),
        (1, "stance", "FAVOR"),
        (1, "bias", "NON_BIASED"),
        (2, "stance", "NONE"),
        (None, "genre", "NEWS"),
    ]:
        body = {"sentence": sentence, "name": name, "value": value}
        http.put(f"{api}/documents/{document['id']}/labels", json=body, headers=csrf)
    http.close()
    return document["id"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "workspace.png"))
    parser.add_argument(
        "--arcs-out", default=str(ROOT / "docs" / "screenshots" / "workspace-arcs.png")
    )
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/demo.sqlite"
        build(url)
        with LiveServer(url, workers=2, log_path=Path(tmp) / "gunicorn.log") as server:
            document = annotate(server)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
                )
                page = browser.new_context(
                    viewport={"width": 1440, "height": 900}, device_scale_factor=1
                ).new_page()
                page.goto(f"{server.url}/auth/login")
                page.fill("input[name=username]", "alice")
                page.fill("input[name=password]", PASSWORD)
                page.click("button[type=submit]")
                page.goto(f"{server.url}/projects/demo/documents/{document}")
                page.wait_for_selector("#workspace[data-ready='true']")
                page.keyboard.press("j")
                page.locator("#text .seg--span", has_text="Czechoslovakia were wrong").first.click()
                page.screenshot(path=args.out)
                page.keyboard.press("Escape")
                page.locator("#text .seg--span", has_text="other nations").first.hover()
                Path(args.arcs_out).parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=args.arcs_out)
                browser.close()
    print(f"wrote {args.out} and {args.arcs_out}")


if __name__ == "__main__":
    main()
