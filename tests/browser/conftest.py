"""Browser tests: the system Chromium, driven by Playwright, against a real gunicorn server.

Chromium is /usr/bin/chromium (installed by .ci/run); Playwright's own browser downloads are
never used. Without it, or without Playwright or requests, the tests fail under CI
(``CI=true``) and are skipped elsewhere (tests/extras.py).
Every result the page claims to have saved is read back through the API.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import pytest

from tests.assist_world import build_assist_world
from tests.extras import missing, need
from tests.hang_report import report_a_hang  # noqa: F401 (an autouse fixture)

if TYPE_CHECKING:  # imported by the fixtures: it needs requests, an optional package
    from tests.live_server import LiveServer

CHROMIUM = Path(os.environ.get("ANNOTATOR_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "correct horse battery"  # tests/conftest.py's PASSWORD

pytestmark = pytest.mark.server


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole run."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("browser tests: the 'playwright' package is not installed")
    if not CHROMIUM.exists():
        missing(f"browser tests: {CHROMIUM} is missing (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@dataclass
class Tab:
    """A logged-in browser page, and what went wrong in it."""

    page: Any
    server: LiveServer
    errors: list[str]

    def open(self, path: str) -> Any:
        """Open a page of the server and, for the workspace, wait until it is drawn."""
        self.page.goto(self.server.url + path)
        if "/documents/" in path:
            self.page.wait_for_selector("#workspace[data-ready='true']", timeout=10_000)
        return self.page

    def wait_saved(self) -> None:
        """Wait until every write the page queued has its answer."""
        self.page.wait_for_function(
            "() => window.annotatorWorkspace.api.pending() === 0", timeout=10_000
        )


@pytest.fixture(scope="session")
def _shared_server(
    database_url: str, _schema: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """One real gunicorn server on the run's database, for all the browser tests.

    Starting and stopping gunicorn and its workers took two to three seconds a test. The
    server keeps nothing of a test's that the next one could see: its state is the database,
    which the ``app`` fixture empties after each test, and every test opens new browser
    contexts (new cookies).
    """
    need("requests")
    from tests.live_server import LiveServer

    log_path = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    with LiveServer(database_url, workers=2, log_path=log_path) as shared:
        yield shared


@pytest.fixture
def server(_shared_server: LiveServer, app: Any) -> LiveServer:
    """The run's gunicorn server (see ``_shared_server``).

    Depends on ``app`` so that the test's pages are closed before the tables are emptied.
    """
    return _shared_server


@pytest.fixture
def open_tab(browser: Any, server: LiveServer) -> Iterator[Any]:
    """Open a new browser context logged in as a user: ``open_tab("alice")``; with
    ``touch=True``, a touch screen's (no pointer that hovers, a coarse one)."""
    contexts: list[Any] = []
    tabs: list[Tab] = []

    def make(username: str, password: str = PASSWORD, *, touch: bool = False) -> Tab:
        context = browser.new_context(viewport={"width": 1400, "height": 900}, has_touch=touch)
        contexts.append(context)
        page = context.new_page()
        tab = Tab(page, server, [])
        page.on("pageerror", lambda exc: tab.errors.append(f"page error: {exc}"))
        page.on(
            "console",
            lambda msg: (
                tab.errors.append(f"console {msg.type}: {msg.text}")
                if msg.type == "error" and "status of 4" not in msg.text
                else None
            ),
        )
        page.goto(f"{server.url}/auth/login")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/auth/login" not in url)
        tabs.append(tab)
        return tab

    yield make
    for context in contexts:
        context.close()
    for tab in tabs:
        assert tab.errors == [], tab.errors


class ApiReader:
    """Read what the server stored (and set a test up), over HTTP with a bearer token."""

    def __init__(self, server: LiveServer, headers: dict[str, str]) -> None:
        self.server = server
        self.http = need("requests").Session()
        self.http.trust_env = False
        self.http.headers.update(headers)

    def get(self, path: str, **params: Any) -> Any:
        response = self.http.get(f"{self.server.url}/api/v1{path}", params=params, timeout=20)
        assert response.status_code == 200, response.text
        return response.json()

    def write(self, method: str, path: str, body: Any) -> Any:
        """Send a write (a test's set-up before the page opens); assert it succeeded."""
        response = self.http.request(
            method, f"{self.server.url}/api/v1{path}", json=body, timeout=20
        )
        assert response.status_code in (200, 201), response.text
        return response.json()

    def layer(self, document_id: int, annotator: str | None = None) -> dict[str, Any]:
        params = {"annotator": annotator} if annotator else {}
        return self.get(f"/documents/{document_id}/annotations", **params)


@pytest.fixture
def api_as(server: LiveServer) -> Any:
    """Return an :class:`ApiReader` for the ``Authorization`` headers of ``make_token``.

    Make the tokens before the page starts writing: the test's own database session must
    not write while the server does.
    """
    readers: list[ApiReader] = []

    def make(headers: dict[str, str]) -> ApiReader:
        reader = ApiReader(server, headers)
        readers.append(reader)
        return reader

    yield make
    for reader in readers:
        reader.http.close()


@pytest.fixture
def make_assist_world(
    session: Any,
    make_user: Any,
    make_project: Any,
    make_document: Any,
    assign: Any,
    make_token: Any,
) -> Any:
    """Return a maker of the suggestion tests' world (:mod:`tests.assist_world`) with that many
    gold documents, the reviewer's ``Authorization`` headers as its ``token``."""

    def make(gold_documents: int = 6) -> Any:
        world = build_assist_world(
            session, make_user, make_project, make_document, assign, gold_documents
        )
        world.token = make_token(world.reviewer)
        return world

    return make


#: The two-sentence article the curation view's tests annotate.
CURATION_TEXT = "Officials said the talks failed yesterday.\n\nMoscow denied it flatly."


@pytest.fixture
def curation_world(make_world: Any) -> SimpleNamespace:
    """Two annotators (alice, bob) and a reviewer (rita) on one document of CURATION_TEXT."""
    return make_world(
        {"alice": "annotator", "bob": "annotator", "rita": "reviewer"},
        doc=(CURATION_TEXT, "talks.txt"),
    )


@pytest.fixture
def none_world(curation_world: SimpleNamespace, api_as: Any) -> SimpleNamespace:
    """The curation world with two differences to decide: a source only alice marked, and
    the second sentence's stance (alice AGAINST, bob NONE)."""
    world = curation_world
    doc = world.doc.id
    for name, stance in (("alice", "AGAINST"), ("bob", "NONE")):
        label = {"sentence": 1, "name": "stance", "value": stance}
        api_as(world.tokens[name]).write("PUT", f"/documents/{doc}/labels", label)
    source = {"label": "SOURCE", "start": 0, "end": 9}
    api_as(world.tokens["alice"]).write("POST", f"/documents/{doc}/spans", source)
    return world
