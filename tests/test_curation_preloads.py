"""The curation page preloads the modules its script imports, as the workspace does
(``web/module_imports.py``): every one, however deep, each once, and nothing else."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import annotator
from tests.helpers import login

JS = Path(annotator.__file__).parent / "static" / "js"


def _imported(entry: str) -> set[str]:
    """The modules ``entry`` imports, however deep, read here apart from the app's reader."""
    imported: set[str] = set()
    todo = [entry]
    while todo:
        source = (JS / todo.pop()).read_text(encoding="utf-8")
        for name in re.findall(r'from "\./([\w-]+\.js)"', source):
            if name not in imported:
                imported.add(name)
                todo.append(name)
    return imported


def test_the_curation_page_preloads_every_module_curation_imports(
    client: Any, session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any
) -> None:
    make_user("rita", "reviewer")
    alice = make_user("alice")
    project = make_project("news")
    document = make_document(project, "Officials said the talks failed.", "a.txt")
    assign(document, alice)
    session.commit()
    login(client, "rita")
    page = client.get(f"/projects/news/review/{document.id}/curate")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    head = html.split("</head>", 1)[0]  # fetched while the page is parsed
    preloaded = re.findall(r'<link rel="modulepreload" href="/static/js/([\w-]+\.js)"', head)
    imported = _imported("curation.js")
    assert imported and set(preloaded) == imported
    assert len(preloaded) == len(imported)  # each once
    assert "curation.js" not in preloaded  # its script tag fetches it
    assert html.count('rel="modulepreload"') == len(preloaded)
