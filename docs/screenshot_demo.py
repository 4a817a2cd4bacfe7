"""What every screenshot script of the README does alike: build the demo in a database, and
log in to it in the browser as one of the demo users through the real form.

Imported by docs/screenshot.py, docs/tokens_screenshot.py and docs/workspace_screenshot.py,
which run as scripts from the repository root (so this folder is on ``sys.path``).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def demo_password(username: str) -> str:
    """Return the password of the demo user ``username`` (as ``annotator demo`` prints it)."""
    from annotator.services.demo import DEMO_USERS

    return next(password for name, _role, password in DEMO_USERS if name == username)


@contextmanager
def demo_database(database_url: str) -> Iterator[Any]:
    """Create the demo (as ``annotator demo`` does) in the database at ``database_url`` and
    yield a session on it for what a picture needs besides; commit it when the block ends."""
    from annotator import create_app, db
    from annotator.services.demo import load_demo

    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "screenshot"})
    with app.app_context():
        db.upgrade(app)
        session = db.get_session()
        load_demo(session, ROOT / "seeds")
        yield session
        session.commit()
    # Closed before the server starts, so that no connection of ours holds the file.
    db.get_engine(app).dispose()


def log_in(page: Any, base: str, username: str) -> Any:
    """Log the Playwright ``page`` in to the server at ``base`` as the demo user ``username``
    through the login form, and wait for the projects page; return the page."""
    page.goto(f"{base}/auth/login")
    page.fill("#username", username)
    page.fill("#password", demo_password(username))
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    return page
