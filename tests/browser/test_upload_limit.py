"""Files over the server's upload limit are refused in the page, naming the limit in MB."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import PASSWORD
from tests.extras import need

requests = need("requests")


pytestmark = pytest.mark.server


def test_files_over_the_limit_are_refused_naming_it_before_they_are_sent(
    browser: Any,
    live_server: Any,
    make_user: Any,
    make_token: Any,
    make_project: Any,
) -> None:
    make_project("demo")
    ada = make_user("ada", "admin")
    token = make_token(ada)
    server = live_server(workers=1, env={"ANNOTATOR_MAX_UPLOAD_MB": "1"})
    context = browser.new_context()
    try:
        page = context.new_page()
        sent: list[str] = []
        page.on("request", lambda r: sent.append(r.url) if r.method == "POST" else None)
        page.goto(f"{server.url}/auth/login")
        page.fill("input[name=username]", ada.username)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/auth/login" not in url)
        page.goto(f"{server.url}/projects/demo")
        assert page.inner_text("#upload-limit") == "1 MB"
        big = b'{"id": "big", "text": "' + b"x" * (1024 * 1024) + b'"}\n'
        page.set_input_files(
            "input[name=files]",
            [{"name": "big.jsonl", "mimeType": "application/octet-stream", "buffer": big}],
        )
        sent.clear()
        page.click("form[data-upload] button[type=submit]")
        problem = page.locator("#upload-problems .form-error")
        problem.wait_for(timeout=10_000)
        assert problem.inner_text() == (
            "The files are larger than the server accepts: at most 1 MB at once."
        )
        assert sent == []  # refused in the page: nothing was uploaded
    finally:
        context.close()
    answer = requests.get(f"{server.url}/api/v1/projects/demo/documents", headers=token, timeout=10)
    assert answer.json() == {"documents": []}
