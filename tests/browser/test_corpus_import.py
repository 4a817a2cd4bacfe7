"""Importing a brat corpus in Chromium: from the project page's link to the report of the import.

The zip is set on the real file input and the form submitted as a team lead would; what was
stored (documents, the annotators' layers, their membership) is read back through the API.
"""

from __future__ import annotations

import io
import json
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
def world(make_world: Any) -> Any:
    world = make_world({"ada": "admin"})
    world.token = world.tokens["ada"]
    return world


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


# CoNLL-U as Universal Dependencies treebanks write it: comments, a multi-word token, an
# empty node, SpaceAfter=No, and the entity tags in MISC (NER=).
CONLLU = (
    "# newdoc id = n01\n"
    "# sent_id = n01-1\n"
    "# text = Officials didn't say it.\n"
    "1\tOfficials\tofficial\tNOUN\tNNS\tNumber=Plur\t4\tnsubj\t_\tNER=B-PER\n"
    "2-3\tdidn't\t_\t_\t_\t_\t_\t_\t_\t_\n"
    "2\tdid\tdo\tAUX\tVBD\t_\t4\taux\t_\t_\n"
    "3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n"
    "4\tsay\tsay\tVERB\tVB\t_\t0\troot\t_\t_\n"
    "4.1\tsaid\tsay\tVERB\tVBD\t_\t_\t_\t4:conj\t_\n"
    "5\tit\tit\tPRON\tPRP\t_\t4\tobj\t_\tSpaceAfter=No\n"
    "6\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n"
    "\n"
    "# sent_id = n01-2\n"
    "1\tNew\tnew\tPROPN\tNNP\t_\t2\tcompound\t_\tNER=B-LOC\n"
    "2\tYork\tYork\tPROPN\tNNP\t_\t3\tnsubj\t_\tNER=I-LOC\n"
    "3\tdenied\tdeny\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No\n"
    "4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n"
    "\n"
)


def test_a_team_lead_imports_a_conllu_file_and_its_tokens_and_tags_are_stored(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    tab = open_tab("ada")
    page = tab.open("/projects/demo/import")
    upload = {"name": "news.conllu", "mimeType": "text/plain", "buffer": CONLLU.encode()}
    page.set_input_files("input[name=files]", [upload])
    page.select_option("select[name=format]", "conll")
    page.fill("input[name=label_map]", "PER=SOURCE,LOC=SOURCE")
    page.fill("input[name=annotator]", "carla")
    page.check("input[name=create_users]")
    page.click("form[action$='/import'] button[type=submit]")
    report = page.locator("section.import-report")
    report.wait_for(timeout=10_000)
    assert report.locator("[data-report=created]").inner_text() == "1 new"
    assert report.locator("[data-report=spans]").inner_text() == "2"
    assert "1 CoNLL document whose text was rebuilt from the tokens" in report.inner_text()
    assert tab.errors == []
    reader = api_as(world.token)
    (listed,) = reader.get("/projects/demo/documents")["documents"]
    assert listed["external_id"] == "news.conllu"
    document = reader.get(f"/documents/{listed['id']}")
    # The multi-word token's form, not its words; no empty node; no space before "." where
    # SpaceAfter=No says so; a sentence a line.
    assert document["text"] == "Officials didn't say it.\nNew York denied."
    assert [(s["start"], s["end"]) for s in document["sentences"]] == [(0, 24), (25, 41)]
    carla = reader.layer(listed["id"], "carla")
    spans = [(s["label"], s["text"]) for s in sorted(carla["spans"], key=lambda s: s["start"])]
    assert spans == [("SOURCE", "Officials"), ("SOURCE", "New York")]


def _label_studio_export() -> bytes:
    """A Label Studio export of another project: Person and Quote regions, a relation
    without a label (its config has no <Relations>), annotated by carla."""

    def region(rid: str, start: int, end: int, label: str) -> dict[str, Any]:
        value = {"start": start, "end": end, "text": TEXT[start:end], "labels": [label]}
        return {
            "id": rid,
            "from_name": "label",
            "to_name": "text",
            "type": "labels",
            "value": value,
        }

    result = [region("q", 15, 38, "Quote"), region("p", 0, 9, "Person")]
    result.append({"type": "relation", "from_id": "q", "to_id": "p", "direction": "right"})
    annotation = {"completed_by": {"email": "carla@example.org"}, "result": result}
    tasks = [{"id": 1, "data": {"text": TEXT, "id": "ls-1"}, "annotations": [annotation]}]
    return json.dumps(tasks).encode()


def test_a_team_lead_imports_a_label_studio_export_under_a_label_map(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    tab = open_tab("ada")
    page = tab.open("/projects/demo/import")
    upload = {
        "name": "export.json",
        "mimeType": "application/json",
        "buffer": _label_studio_export(),
    }
    page.set_input_files("input[name=files]", [upload])
    page.select_option("select[name=format]", "records")
    page.fill("input[name=label_map]", "Quote=CLAIM,Person=SOURCE")
    page.check("input[name=create_users]")
    page.click("form[action$='/import'] button[type=submit]")
    # Two relation types in the schema: the page says how to choose one for the unlabelled.
    problems = page.locator("#import-problems")
    problems.wait_for(timeout=10_000)
    said = problems.inner_text()
    assert "export.json:1: document 'ls-1', layer 'carla@example.org', relation 0" in said
    assert "=ATTRIBUTED_TO in the Label map (or another type)" in said
    assert page.input_value("input[name=label_map]") == "Quote=CLAIM,Person=SOURCE"
    page.set_input_files("input[name=files]", [upload])
    page.fill("input[name=label_map]", "Quote=CLAIM,Person=SOURCE,=ATTRIBUTED_TO")
    page.click("form[action$='/import'] button[type=submit]")
    report = page.locator("section.import-report")
    report.wait_for(timeout=10_000)
    assert report.locator("[data-report=spans]").inner_text() == "2"
    assert report.locator("[data-report=relations]").inner_text() == "1"
    assert tab.errors == []
    reader = api_as(world.token)
    (document,) = reader.get("/projects/demo/documents")["documents"]
    layer = reader.layer(document["id"], "carla@example.org")
    labels = {s["id"]: s["label"] for s in layer["spans"]}
    relations = [(r["type"], labels[r["from"]], labels[r["to"]]) for r in layer["relations"]]
    assert relations == [("ATTRIBUTED_TO", "CLAIM", "SOURCE")]


def test_the_report_says_the_statuses_an_import_changed_at_1366_and_390(
    world: Any,
    open_tab: Any,
    session: Any,
    make_user: Any,
    make_document: Any,
    assign: Any,
) -> None:
    """nina skipped "old" without a span; a record brings her spans, said in progress: the
    report says one layer's status changed, as the command and the API say."""
    from sqlalchemy import select

    from annotator.models import Assignment

    nina = make_user("nina", "annotator")
    assign(make_document(world.project, "Already here.", "old"), nina)
    session.execute(Assignment.__table__.update().values(status="skipped"))
    session.commit()
    line = {"id": "old", "text": "Already here.", "annotator": "nina", "status": "in_progress"}
    line["label"] = [[0, 7, "CLAIM"]]
    upload = {"name": "a.jsonl", "mimeType": "text/plain", "buffer": json.dumps(line).encode()}
    tab = open_tab("ada")
    page = tab.open("/projects/demo/import")
    page.set_input_files("input[name=files]", [upload])
    page.select_option("select[name=format]", "records")
    page.click("form[action$='/import'] button[type=submit]")
    report = page.locator("section.import-report")
    report.wait_for(timeout=10_000)
    said = report.locator("[data-report=statuses_changed]")
    assert said.inner_text() == "1 layer's status changed (each in the layer's history)."
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        assert said.is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        report.scroll_into_view_if_needed()
    assert tab.errors == []
    session.expire_all()
    assert session.scalar(select(Assignment.status)) == "in_progress"


def test_a_team_lead_brings_in_a_corpus_s_texts_alone(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    """Ticked Texts only, the corpus comes in with no layer, and the report says what was left
    out: nobody's pre-annotations become anyone's work, nor gold."""
    tab = open_tab("ada")
    page = tab.open("/projects/demo/import")
    zipped = {"name": "corpus.zip", "mimeType": "application/zip", "buffer": _zip()}
    page.set_input_files("input[name=files]", [zipped])
    page.select_option("select[name=format]", "brat")
    page.get_by_label("Texts only").check()
    page.click("form[action$='/import'] button[type=submit]")
    report = page.locator("section.import-report")
    report.wait_for(timeout=10_000)
    assert report.locator("[data-report=created]").inner_text() == "1 new"
    assert report.locator("[data-report=spans]").inner_text() == "0"
    said = " ".join(report.inner_text().split())
    assert "2 annotation layers left out (texts only)" in said
    assert "4 spans and relations left out with the layers (texts only)" in said
    assert tab.errors == []
    reader = api_as(world.token)
    (document,) = reader.get("/projects/demo/documents")["documents"]
    names = {m["username"] for m in reader.get("/projects/demo/members")["members"]}
    assert not names & {"alice", "bob"}
    assert document["external_id"] == "one"
