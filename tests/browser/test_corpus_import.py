"""Importing a brat corpus in Chromium: from the project page's link to the report of the import.

The zip is set on the real file input and the form submitted as a team lead would; what was
stored (documents, the annotators' layers, their membership) is read back through the API.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest

from tests.extras import need

need("requests")

pytestmark = pytest.mark.server

TEXT = "Officials said the plan will cut costs.\n"
FILES = {
    "corpus/alice/one.txt": TEXT,
    "corpus/alice/one.ann": "T1\tSource 0 9\tOfficials\n"
    "T2\tContent 15 38\tthe plan will cut costs\nR1\tAttribution Arg1:T2 Arg2:T1\n",
    "corpus/bob/one.txt": TEXT,
    "corpus/bob/one.ann": "T1\tSource 0 9\tOfficials\n",
}


@pytest.fixture
def world(make_user: Any, make_token: Any, make_project: Any) -> Any:
    class World:
        ada = make_user("ada", "admin")
        project = make_project("demo")

    World.token = make_token(World.ada)
    return World


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path, text in FILES.items():
            archive.writestr(path, text)
    return buffer.getvalue()


def test_a_team_lead_imports_a_brat_zip_and_sees_what_came_in(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    tab = open_tab("ada")
    page = tab.open("/projects/demo")
    page.click("text=import it on its own page")
    page.wait_for_url("**/projects/demo/import")
    zipped = {"name": "corpus.zip", "mimeType": "application/zip", "buffer": _zip()}
    page.set_input_files("input[name=files]", [zipped])
    page.select_option("select[name=format]", "brat")
    page.fill("input[name=label_map]", "Source=SOURCE,Content=CLAIM,Attribution=ATTRIBUTED_TO")
    page.check("input[name=create_users]")
    page.click("form[action$='/import'] button[type=submit]")
    report = page.locator("section.import-report")
    report.wait_for(timeout=10_000)
    assert report.locator("[data-report=created]").inner_text() == "1 new"
    assert report.locator("[data-report=spans]").inner_text() == "3"
    assert report.locator("[data-report=relations]").inner_text() == "1"
    assert "Users created: alice, bob." in report.inner_text()
    assert tab.errors == []
    reader = api_as(world.token)
    (document,) = reader.get("/projects/demo/documents")["documents"]
    assert document["external_id"] == "one"
    members = reader.get("/projects/demo/members")["members"]
    assert {m["username"]: m["role"] for m in members} == {"alice": "annotator", "bob": "annotator"}
    alice = reader.layer(document["id"], "alice")
    assert sorted(s["label"] for s in alice["spans"]) == ["CLAIM", "SOURCE"]
    assert [r["type"] for r in alice["relations"]] == ["ATTRIBUTED_TO"]
