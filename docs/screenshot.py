"""Take a screenshot of a demo page as one of the demo users (by default the project page).

Re-run from the repository root with:

    .venv/bin/pip install playwright   # once; uses Debian's /usr/bin/chromium, no download
    .venv/bin/python docs/screenshot.py [--path /projects/demo] [--user reviewer]
        [--out docs/project-page.png]

The README's pictures: ``--out docs/project-page.png`` (reviewer), ``--user admin --out
docs/project-page-admin.png``, ``--user admin --path /projects/new --out
docs/new-project.png``, ``--user admin --path /admin/users --out docs/people.png``, and
``--user alice --path /projects/demo/documents/1 --suggestions --press . --press Enter
--out docs/screenshots/workspace-suggestions.png`` (the attribution rules' suggestions,
the first accepted, the next one selected).

It builds the demo in a temporary SQLite database (the same state as ``annotator demo``, plus a
few annotators' statuses so that the progress bars show something), serves it with gunicorn on
a free loopback port, logs in through the real form and photographs the page.
"""

from __future__ import annotations

import argparse
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from screenshot_demo import ROOT, demo_database, log_in

CHROMIUM = "/usr/bin/chromium"
# (annotator, document position in the queue, status) to show a project under way.
STATUSES = [
    ("alice", 0, "done"),
    ("bob", 0, "done"),
    ("alice", 1, "done"),
    ("bob", 1, "in_progress"),
    ("alice", 2, "in_progress"),
    ("bob", 3, "skipped"),
]


def build_demo(database_url: str, suggestions: bool = False) -> None:
    """Create the demo database and mark some documents as worked on.

    :param suggestions: also write every document's suggestions layer (the attribution rules).
    """
    from annotator.services.accounts.projects import get_project
    from annotator.services.accounts.users import find_user
    from annotator.services.annotation.labels import set_status
    from annotator.services.datasets.document_queue import document_queue

    with demo_database(database_url) as session:
        project = get_project(session, "demo")
        for username, position, status in STATUSES:
            user = find_user(session, username)
            queue = document_queue(session, project, user)
            set_status(session, user, queue[position].document, status)
        if suggestions:
            from annotator.services.assist.predicting import predict_documents

            predict_documents(session, project)


def free_port() -> int:
    """Return a TCP port that is free on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, timeout: float = 20.0) -> None:
    """Poll the health endpoint until the server answers."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.2)


def take(base: str, out: Path, path: str, user: str, keys: list[str] | None = None) -> None:
    """Log in as the demo user ``user`` and save a screenshot of ``path``.

    :param keys: keys to press once the page is loaded (a workspace: once it is drawn).
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = log_in(browser.new_page(viewport={"width": 1280, "height": 900}), base, user)
        page.goto(f"{base}{path}")
        if "/documents/" in path:
            page.wait_for_selector("#workspace[data-ready='true']", timeout=20_000)
        for key in keys or []:
            page.keyboard.press(key)
        page.wait_for_timeout(300 if keys else 0)  # the arcs are drawn in the next frames
        page.screenshot(path=str(out), full_page=True)
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "project-page.png"))
    parser.add_argument("--path", default="/projects/demo", help="page to photograph")
    parser.add_argument("--user", default="reviewer", help="demo user to log in as")
    parser.add_argument(
        "--suggestions", action="store_true", help="write the rules' suggestions first"
    )
    parser.add_argument(
        "--press", action="append", default=[], help="a key to press on the page (repeatable)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/demo.sqlite"
        build_demo(url, suggestions=args.suggestions)
        port = free_port()
        env = os.environ | {
            "ANNOTATOR_DATABASE_URL": url,
            "ANNOTATOR_SECRET_KEY": secrets.token_hex(16),
        }
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "wsgi:app"],
            cwd=ROOT,
            env=env,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_up(f"{base}/api/v1/health")
            take(base, Path(args.out), args.path, args.user, args.press)
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"saved {args.out}")


if __name__ == "__main__":
    main()
