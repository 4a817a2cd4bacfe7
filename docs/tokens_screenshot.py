"""Take docs/account-tokens.png: the page /account/tokens just after creating a token.

Re-run from the repository root with:

    .venv/bin/python docs/tokens_screenshot.py [--out docs/account-tokens.png]

It builds the demo in a temporary SQLite database (as ``annotator demo`` does), gives alice
two tokens (one used by a script, one expiring), serves it with gunicorn on loopback
(tests/live_server.py), logs in through the real form as alice in the system Chromium,
creates a third token through the page's form and photographs the answer, which shows the
new token once.
"""

from __future__ import annotations

import argparse
import tempfile

import requests
from screenshot_demo import ROOT, demo_database, log_in

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.live_server import LiveServer


def build(database_url: str) -> list[str]:
    """Create the demo and alice's first two tokens; return them."""
    from annotator.services.accounts.tokens import create_token
    from annotator.services.accounts.users import find_user

    with demo_database(database_url) as session:
        alice = find_user(session, "alice")
        return [
            create_token(session, alice, "import script"),
            create_token(session, alice, "notebook, this term", expires_in_days=90),
        ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "account-tokens.png"))
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/demo.sqlite"
        script_token, _ = build(url)
        with LiveServer(url, workers=1) as server:
            # The script's token is used once, so that the page has a "last used" time.
            http = requests.Session()
            http.trust_env = False
            used = http.get(
                f"{server.url}/api/v1/projects",
                headers={"Authorization": f"Bearer {script_token}"},
                timeout=10,
            )
            used.raise_for_status()
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1100, "height": 760})
                log_in(page, server.url, "alice")
                page.goto(f"{server.url}/account/tokens")
                page.fill("#name", "laptop")
                page.fill("#expires_in_days", "30")
                page.click(".token-form button[type=submit]")
                page.wait_for_selector("#new-token")
                page.screenshot(path=args.out, full_page=True)
                browser.close()
    print(f"saved {args.out}")


if __name__ == "__main__":
    main()
