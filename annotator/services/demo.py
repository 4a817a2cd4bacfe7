"""The demo: users, a project on the seed schema and the seed articles, assigned."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy.orm import Session

from annotator.services.accounts.assignment import assign_documents
from annotator.services.accounts.people import add_user
from annotator.services.accounts.projects import create_project, find_project
from annotator.services.accounts.users import find_user
from annotator.services.datasets.imports import import_paths

DEMO_SLUG = "demo"
# Published in the README and printed by the command: these accounts are for the demo only.
DEMO_USERS = (
    ("admin", "admin", "demo-admin-pass"),
    ("reviewer", "reviewer", "demo-reviewer-pass"),
    ("alice", "annotator", "demo-alice-pass"),
    ("bob", "annotator", "demo-bob-pass"),
)


def load_demo(session: Session, seeds: Path) -> str:
    """Create what the demo needs that does not exist yet; return a one-line summary."""
    users = {}
    for username, role, password in DEMO_USERS:
        # Audited as the command line's (actor None), like `annotator users create`.
        users[username] = find_user(session, username) or add_user(
            session, None, username, role, password
        )
    project = find_project(session, DEMO_SLUG)
    if project is None:
        schema = json.loads((seeds / "schema.json").read_text(encoding="utf-8"))
        schema["guidelines"] = (seeds / "guidelines.md").read_text(encoding="utf-8")
        project = create_project(session, DEMO_SLUG, "Russian foreign policy in the news", schema)
    report = import_paths(session, project, sorted(seeds.glob("*.txt")))
    assignment = assign_documents(session, project, [users["alice"], users["bob"]], 2)
    return (
        f"Project {project.slug}: {report.created} new and {report.unchanged} known documents, "
        f"{assignment.created} new assignments."
    )
