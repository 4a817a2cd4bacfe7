"""The demo: users, a project on the seed schema and the seed articles, assigned."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.db import AppSession
from annotator.services.accounts.assignment import assign_documents
from annotator.services.accounts.people import add_user
from annotator.services.accounts.projects import create_project, find_project
from annotator.services.accounts.users import find_user
from annotator.services.datasets.imports import import_paths, import_records

DEMO_SLUG = "demo"
#: Finished work of alice and bob on one seed article (the last, so that the first four are
#: theirs to try), with the kinds of disagreement a reviewer meets: a claim's boundary, a
#: claim one of them left out, a label value. Without it a new demo's review queue, agreement
#: report and curation page are empty until two people have annotated the same article.
EXAMPLE_ANNOTATIONS = "example_annotations.json"
# Published in the README and printed by the command: these accounts are for the demo only.
DEMO_USERS = (
    ("admin", "admin", "demo-admin-pass"),
    ("reviewer", "reviewer", "demo-reviewer-pass"),
    ("alice", "annotator", "demo-alice-pass"),
    ("bob", "annotator", "demo-bob-pass"),
)
# Their salted scrypt hashes, made once with Werkzeug's default method: the passwords are
# published, so a hash made on each machine would guard nothing more, and hashing four of
# them took a third of the demo's start-up CPU. tests/test_demo.py checks each against its
# password, and that each password passes the password rule.
DEMO_PASSWORD_HASHES = {
    "admin": "scrypt:32768:8:1$4qQJeBy0SSnASqYq$841c5bff802d225158d24be147e12bca35e31c73840e5d4b"
    "dc61153c993d417bd29b2a7fd75c03e88ed52df5e73b873bcf1b9276bb9c75a6d93097b813999046",
    "reviewer": "scrypt:32768:8:1$z4W0nci7geLQsKrG$63dddbcb4daf34f6cbf04983973046e390ea200ffd5d6"
    "5852092ed8f0691100bcbeab4785411f9e4d240ef82c929c1bb5b6116068bc1f13f6b66123c46a09de1",
    "alice": "scrypt:32768:8:1$eg5AoxFcmgtu6o0e$8281fbbaf0afbc851f752fd8cb795a3b704141f2a2d35bdf"
    "2bc261fa837c33dac0aa11d8f859643ca03cf0c409cb61abf65a475c61853ccd6887a97821ad52c0",
    "bob": "scrypt:32768:8:1$Zce1d9kqXOBA5eLo$365fd7a88a4abd8848fe76cdc98d45964517c7c20d5a5c690c"
    "ae22d1d2119e3c1920385c6822e2675a43d999c5f4dbf9eb153610a61c71898be2a62ebee4384d",
}


def load_demo(session: AppSession, seeds: Path) -> str:
    """Create what the demo needs that does not exist yet; return a one-line summary."""
    users = {}
    for username, role, _password in DEMO_USERS:
        # Audited as the command line's (actor None), like `annotator users create`.
        users[username] = find_user(session, username) or add_user(
            session, None, username, role, None, password_hash=DEMO_PASSWORD_HASHES[username]
        )
    project = find_project(session, DEMO_SLUG)
    new_project = project is None
    if project is None:
        schema = json.loads((seeds / "schema.json").read_text(encoding="utf-8"))
        schema["guidelines"] = (seeds / "guidelines.md").read_text(encoding="utf-8")
        project = create_project(session, DEMO_SLUG, "Russian foreign policy in the news", schema)
    report = import_paths(session, project, sorted(seeds.glob("*.txt")))
    assignment = assign_documents(session, project, [users["alice"], users["bob"]], 2)
    summary = (
        f"Project {project.slug}: {report.created} new and {report.unchanged} known documents, "
        f"{assignment.created} new assignments."
    )
    if new_project:
        # Only into a new project: the examples fill alice's and bob's empty layers, and an
        # import never overwrites work, so on a later run they would clash with what the
        # demo's users have done since.
        examples = json.loads((seeds / EXAMPLE_ANNOTATIONS).read_text(encoding="utf-8"))
        import_records(session, project, examples["records"], source=EXAMPLE_ANNOTATIONS)
        summary += " The annotators alice and bob have finished one article, to review."
    return summary
