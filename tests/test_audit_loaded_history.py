"""The audit log marks the history a loaded project file brought with it.

A project file carries its project's membership and assignment changes, stored under the
copy's slug with the original's times and actors (so that dumping the copy gives the same
file). The log says which they are: the original's, from the file, not changes made in the
copy (some are dated before the copy existed).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from flask import Flask

from annotator.services.accounts import audit
from tests.helpers import login
from tests.project_world import build_full_world


def test_the_files_history_is_marked_and_a_change_in_the_copy_is_not(
    app: Flask,
    session: Any,
    make_user: Any,
    make_project: Any,
    make_document: Any,
    assign: Any,
    tmp_path: Path,
) -> None:
    build_full_world(session, make_user, make_project, make_document, assign)
    make_user("ada", "admin")
    session.commit()
    runner = app.test_cli_runner()
    path = tmp_path / "src.gz"
    assert runner.invoke(args=["projects", "dump", "src", "-o", str(path)]).exit_code == 0
    loaded = runner.invoke(args=["projects", "load", str(path), "--slug", "copy"])
    assert loaded.exit_code == 0, loaded.output
    audit.member_set(session, None, "copy", "mia", "annotator", "reviewer")
    session.commit()
    client = app.test_client()
    login(client, "ada")
    page = client.get("/admin/audit?project=copy")
    rows = re.findall(r"<tr role=\"row\">(.*?)</tr>", page.get_data(as_text=True), re.DOTALL)
    marked = [row for row in rows if "from the project file loaded" in row]
    assert marked and all("(logged in src)" in row for row in marked)
    assert all("<code>project.load</code>" not in row for row in marked)
    # Every carried member.set and assignment entry is marked; the change made since is not.
    history = [row for row in rows if re.search(r"<code>(member|assignment)\.", row)]
    newest, *carried = history
    assert "from the project file" not in newest and ">mia<" in newest
    assert carried and all(row in marked for row in carried)
    # The original's own log says nothing of a file.
    original = client.get("/admin/audit?project=src").get_data(as_text=True)
    assert "from the project file" not in original
