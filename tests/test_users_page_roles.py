"""The Users page says what each global role reaches, and where a project's own reviewer is made.

A lead gave someone the global reviewer role to review one project, not knowing that it
reviews every project on the server; the page gave no hint of it.
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from tests.helpers import login


def test_the_role_field_says_a_global_reviewer_reviews_every_project(
    app: Any, make_user: Any, make_project: Any
) -> None:
    """The hint is tied to the field (aria-describedby) and says what the role does, which
    is what the server does: a global reviewer who is no member opens a project's review."""
    make_user("ada", "admin")
    make_user("rev", "reviewer")
    make_project("a")
    ada = app.test_client()
    login(ada, "ada")
    html = ada.get("/admin/users").get_data(as_text=True)
    hint = re.search(r'<p class="field__hint" id="role-hint">([^<]*)</p>', html)
    assert hint is not None
    said = " ".join(unescape(hint.group(1)).split())
    assert "reviewer: reviews every project" in said
    assert "without being a member" in said
    assert "reviewer on that project's People page" in said
    assert re.search(r'<select[^>]*aria-describedby="role-hint"', html)
    rev = app.test_client()
    login(rev, "rev")
    assert rev.get("/projects/a/review").status_code == 200
