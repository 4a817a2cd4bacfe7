"""The long article the workspace, review and curation benchmarks open, and a page logged in.

:func:`prepare` fills a fresh database through the app's services: the seed schema, one
article of 2,000 sentences with emoji here and there, and an annotator's layer already
holding 800 spans, 500 relations and 300 sentence labels. :func:`logged_in_page` opens the
system Chromium on a served copy of it, signed in as one of its users.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.app_factory import bench_project, migrated_app  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

PASSWORD = "benchmark password"
SENTENCES = 2000
WORDS = [
    "the",
    "minister",
    "said",
    "that",
    "border",
    "talks",
    "would",
    "resume",
    "after",
    "the",
    "summit",
    "in",
    "Geneva",
    "officials",
    "denied",
    "reports",
    "of",
    "troops",
    "moving",
    "near",
    "the",
    "river",
    "😀",
    "👍🏽",
    "🇺🇦",
]


def article(sentences: int) -> str:
    """Return an article of ``sentences`` sentences in paragraphs of five."""
    parts = []
    for i in range(sentences):
        words = [WORDS[(i * 7 + j * 3) % len(WORDS)] for j in range(10 + i % 9)]
        sentence = f"Sentence {i} says " + " ".join(words) + "."
        parts.append(sentence + ("\n\n" if i % 5 == 4 else " "))
    return "".join(parts).rstrip()


def prepare(url: str, sentences: int) -> dict[str, Any]:
    """Migrate ``url`` and fill it; return the document id and the sentence count."""
    from annotator import db
    from annotator.core.segmentation import split_sentences
    from annotator.models import Assignment, ProjectMember
    from annotator.services.accounts.users import create_user
    from annotator.services.annotation import labels, layers, relations, spans
    from annotator.services.datasets.documents import add_document

    app = migrated_app(url)
    with app.app_context():
        session = db.get_session()
        project = bench_project(session)
        # The splitter joins a few generated sentences: write more until there are enough.
        count = sentences
        while len(split_sentences(article(count))) < sentences:
            count += max(1, (sentences - len(split_sentences(article(count)))) // 2)
        document, _ = add_document(session, project, "long.txt", article(count), "Long")
        user = create_user(session, "annotator", "annotator", PASSWORD)
        session.add(Assignment(document_id=document.id, user_id=user.id))
        # An assignee is a member: access to a document is both (permissions.is_member).
        session.add(ProjectMember(project_id=project.id, user_id=user.id, role="annotator"))
        session.flush()
        layer = layers.open_layer(session, user, document, None)
        # Every other sentence of the first 30 %: a claim attributed to its source; in the
        # first 20 % the claim also has a cue ("says", inside the claim). 500 relations.
        count_spans = count_relations = cues = 0
        for s in document.sentences[: 3 * sentences // 10]:
            if s.index % 2 == 0:
                claim = spans.add_span(session, layer, "CLAIM", s.start + 9, s.end - 1)
                source = spans.add_span(session, layer, "SOURCE", s.start, s.start + 8)
                relations.add_relation(session, layer, "ATTRIBUTED_TO", claim.id, source.id)
                count_spans, count_relations = count_spans + 2, count_relations + 1
                if s.index < 2 * sentences // 10:
                    says = document.text.index(" says ", s.start) + 1
                    cue = spans.add_span(session, layer, "CUE", says, says + 4)
                    relations.add_relation(session, layer, "CUED_BY", claim.id, cue.id)
                    count_spans, count_relations = count_spans + 1, count_relations + 1
                    cues += 1
            labels.set_label(session, layer, s.index, "stance", "NONE")
        session.commit()
        result = {
            "document": document.id,
            "sentences": len(document.sentences),
            "characters": len(document.text),
            "spans": count_spans,
            "relations": count_relations,
            "cues": cues,
        }
    db.get_engine(app).dispose()
    return result


def logged_in_page(playwright: Any, server_url: str, username: str) -> tuple[Any, Any]:
    """Launch Chromium and log ``username`` in; return the browser and its page."""
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    page.goto(f"{server_url}/auth/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/auth/login" not in url)
    return browser, page
