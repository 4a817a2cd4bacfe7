"""Every path that creates a user records ``user.create`` in the audit log, as /admin/users does.

The paths: the admin pages, the API and ``annotator users create`` (tested with them), and
here an import with ``--create-users`` and the demo. All go through
:func:`annotator.services.accounts.people.add_user`, which the last test keeps so.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

import annotator
from annotator.models import AuditEntry, User
from annotator.services.audit_log import COMMAND_LINE
from annotator.services.demo import DEMO_USERS, load_demo

ROOT = Path(__file__).resolve().parent.parent


def _created(session: Session) -> dict[str, AuditEntry]:
    session.commit()  # a fresh snapshot: the command committed in its own session
    query = select(AuditEntry).where(AuditEntry.action == "user.create")
    return {entry.target: entry for entry in session.scalars(query)}


def test_an_import_with_create_users_records_each_user_it_creates(
    runner: Any, session: Session, make_project: Any, make_user: Any, tmp_path: Path
) -> None:
    make_project("demo")
    make_user("alice", "annotator")
    layer = {"status": "done", "spans": [], "relations": [], "sentence_labels": []}
    record = {
        "id": "d1",
        "text": "Officials said so.",
        "annotations": [{"annotator": name} | layer for name in ("zoe", "alice", "yann")],
        "gold": None,
    }
    (tmp_path / "d.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    refused = runner.invoke(args=["import", "demo", str(tmp_path / "d.jsonl")])
    assert refused.exit_code == 1 and "unknown annotators: yann, zoe" in refused.output
    assert _created(session) == {}

    result = runner.invoke(args=["import", "demo", str(tmp_path / "d.jsonl"), "--create-users"])
    assert result.exit_code == 0, result.output
    created = _created(session)
    assert set(created) == {"yann", "zoe"}
    for entry in created.values():
        assert entry.actor == COMMAND_LINE and entry.actor_id is None
        assert entry.after == {"role": "annotator", "active": True}  # no password: tokens only
    zoe = session.scalar(select(User).where(User.username == "zoe"))
    assert zoe is not None and zoe.role == "annotator" and zoe.password_hash is None


def test_the_demo_records_the_users_it_creates_once(session: Session) -> None:
    load_demo(session, ROOT / "seeds")
    session.commit()
    created = _created(session)
    assert set(created) == {username for username, _, _ in DEMO_USERS}
    assert created["admin"].actor == COMMAND_LINE
    assert created["admin"].after == {"role": "admin", "active": True, "password": "changed"}
    load_demo(session, ROOT / "seeds")  # the users exist: nothing new to record
    assert len(_created(session)) == len(DEMO_USERS)


def test_only_the_people_service_calls_the_rule_that_creates_a_user() -> None:
    """A new path that called ``users.create_user`` directly would skip the audit entry."""
    package = Path(annotator.__file__).parent
    callers = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
                if name == "create_user":
                    callers.add(path.relative_to(package).as_posix())
    assert callers == {"services/accounts/people.py"}
