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
import sys
import tempfile
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.live_server import LiveServer  # noqa: E402


def build(database_url: str) -> list[str]:
    """Create the demo and alice's first two tokens; return them."""
    from annotator import create_app, db
    from annotator.services.accounts.users import create_token, find_user
    from annotator.services.demo import load_demo

    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "screenshot"})
    with app.app_context():
        db.upgrade(app)
        session = db.get_session()
        load_demo(session, ROOT / "seeds")
        alice = find_user(session, "alice")
        tokens = [
            create_token(session, alice, "import script"),
            create_token(session, alice, "notebook, this term", expires_in_days=90),
        ]
        session.commit()
    db.get_engine(app).dispose()
    return tokens


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
                page.goto(f"{server.url}/auth/login")
                page.fill("#username", "alice")
                page.fill("#password", "demo-alice-pass")
                page.click("button[type=submit]")
                page.wait_for_url(f"{server.url}/")
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
