"""Loading a project file as a new project: one service behind the CLI, the API and the page.

The file is read a record at a time (:func:`annotator.core.formats.project_stream.read_file`)
and documents are stored :data:`BATCH` at a time, in the file's order, with Core statements:
memory stays flat. Everything happens in the caller's transaction, so that a problem
anywhere (named by line and field) leaves nothing behind once the caller rolls back. Users
are matched by name; a missing one is created disabled (:func:`add_inactive_user`, audited),
except by a load that keeps no people (``people="none"``), which makes none and leaves the
name out (:mod:`annotator.core.formats.project_people`).
Span, relation and label value ids are kept when none of a kind's is taken here, else
numbered anew
(:mod:`annotator.services.datasets.project_ids`). Documents keep their numbers and the project
its count of numbers given (:mod:`annotator.core.formats.project_numbers`); an older file's
documents are numbered 1..n in its order.
"""

from __future__ import annotations

import base64
import binascii
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.errors import AnnotatorError, Conflict, Invalid, SchemaError
from annotator.core.formats.project_checks import (
    check_document,
    check_history,
    check_label_model,
    check_member,
    check_model_labels,
    check_user,
)
from annotator.core.formats.project_file import VERSION, ProjectFileError
from annotator.core.formats.project_ids import ITEM_PARTS, DeclaredIds, id_kinds
from annotator.core.formats.project_numbers import FileNumbers
from annotator.core.formats.project_people import (
    check_people,
    keeps_members,
    makes_users,
    without_annotators,
    without_unknown,
)
from annotator.core.formats.project_stream import read_file
from annotator.db import AppSession
from annotator.models import (
    AssistLabelModel,
    AssistModel,
    AuditEntry,
    Project,
    ProjectMember,
    SchemaVersion,
    User,
)
from annotator.services import audit_log
from annotator.services.accounts.people import add_inactive_user
from annotator.services.accounts.projects import create_project, find_project
from annotator.services.datasets.project_ids import IdPlan
from annotator.services.datasets.project_load_report import LoadReport, Renumbered
from annotator.services.datasets.project_store import store_documents

#: Documents stored at a time.
BATCH = 250


def load_project(
    session: AppSession,
    stream: IO[bytes],
    actor: Actor | None,
    slug: str | None = None,
    name: str | None = None,
    people: str = "all",
) -> LoadReport:
    """Recreate the project of a project file; ``slug`` names it instead of the file's slug,
    ``name`` instead of the file's name (see :func:`loaded_name`); ``people`` says what of the
    members and assignments comes too (:mod:`annotator.core.formats.project_people`).

    :raises ProjectFileError: a problem in the file, naming its line and field.
    :raises Conflict: the project's slug is taken (give another ``slug``).
    :raises Invalid: an empty ``name``, or ``people`` none of the choices.
    """
    if name is not None and not name.strip():
        raise Invalid("the name must not be empty", details={"field": "name"})
    loader = _Loader(session, actor, slug, name, check_people(people))
    for line, record in read_file(stream):
        loader.take(line, record)
    loader.finish()
    assert loader.report is not None
    return loader.report


def loaded_name(session: Session, original: str, slug: str, asked: str | None = None) -> str:
    """Return the name of a project loaded under ``slug`` from a file naming it ``original``.

    The name asked for, if any; else the file's, unless a project here has that name already
    (a copy loaded beside its original): then the file's name followed by the new slug, so
    that the two are told apart in every list, and by the first number from 2 that makes it
    free if a project has that name too. The name given by default is never taken.
    """
    if asked is not None:
        return asked.strip()
    told_apart = f"{original} ({slug})"
    taken = set(
        session.scalars(
            select(Project.name).where(
                (Project.name == original) | Project.name.startswith(told_apart, autoescape=True)
            )
        )
    )
    if original not in taken:
        return original
    name, number = told_apart, 1
    while name in taken:
        number += 1
        name = f"{told_apart} {number}"
    return name


class _Loader:
    """The state of one load: the new project, the file's users, the documents waiting."""

    def __init__(
        self,
        session: AppSession,
        actor: Actor | None,
        slug: str | None,
        name: str | None,
        people: str,
    ) -> None:
        self.session, self.actor, self.slug, self.name = session, actor, slug, name
        self.people = people
        self.report: LoadReport | None = None
        # The file's users matched to (or made as) users here; a load that makes no users
        # leaves out the names no user has (the checks still know every name of the file).
        self.users: dict[str, int] = {}
        self.user_lines: dict[str, int] = {}
        self.users_ready = False
        self.pending: list[tuple[int, dict[str, Any]]] = []
        self.external_ids: set[str] = set()
        self.version = VERSION
        self.numbers = FileNumbers(VERSION)
        # By kind, from the file's ids records (none in a file older than version 4).
        self.ids: dict[str, IdPlan] = {}
        self.end_line = 0

    @property
    def project(self) -> Project:
        assert self.report is not None
        return self.report.project

    def take(self, line: int, record: dict[str, Any]) -> None:
        kind = record["record"]
        if kind == "header":
            self.version = record["version"]
            self.numbers = FileNumbers(self.version)
        elif kind == "project":
            self._project(line, record)
        elif kind == "user":
            self.user_lines.setdefault(record["name"], line)
        elif kind in (
            "member",
            "schema_version",
            "assist_model",
            "assist_label_model",
            "history",
            "ids",
        ):
            self._resolve_users()
            getattr(self, f"_{kind}")(line, record)
        elif kind == "document":
            self._resolve_users()
            self._decide_ids()
            self._document(line, record)
        elif kind == "end":
            self._resolve_users()
            self._decide_ids()
            self.end_line = line

    def finish(self) -> None:
        self._store_documents()
        for plan in self.ids.values():
            plan.declared.check_all_claimed(self.end_line)
        self.session.flush()
        assert self.report is not None
        self.report.renumbered = [
            Renumbered(kind, plan.taken or 0)
            for kind in id_kinds(self.version)
            if not (plan := self.ids[kind]).keep
        ]

    def _ids(self, line: int, record: dict[str, Any]) -> None:
        # read_file has refused a kind the file's version gives no ids.
        kind = record["kind"]
        plan = self.ids.setdefault(kind, IdPlan(DeclaredIds(kind)))
        plan.declared.declare(record["ranges"], line)

    def _decide_ids(self) -> None:
        """Before the first document is stored: keep each kind's ids, or number it anew."""
        # The kinds an older file holds no ids of are numbered by the database, as then.
        for kind in id_kinds(self.version):
            # A kind without ids records declares none: any id of that kind is refused.
            plan = self.ids.setdefault(kind, IdPlan(DeclaredIds(kind)))
            if not plan.decided:
                plan.decide(self.session.connection())

    def _project(self, line: int, record: dict[str, Any]) -> None:
        slug = self.slug or record["slug"]
        if find_project(self.session, slug) is not None:
            raise Conflict(f"project {slug!r} already exists; give another slug to load it under")
        try:
            name = loaded_name(self.session, record["name"], slug, self.name)
            wanted = record["name"] if self.name is None else self.name.strip()
            taken = self.session.scalar(select(Project.id).where(Project.name == wanted))
            project = create_project(self.session, slug, name, record["schema"])
        except SchemaError as exc:
            raise ProjectFileError(line, "schema", exc.message) from None
        except Invalid as exc:
            if self.slug:  # the caller's slug, not the file's
                raise
            raise ProjectFileError(line, "slug", exc.message) from None
        # The file's versions replace the one a new project starts with.
        for version in self.session.scalars(
            select(SchemaVersion).where(SchemaVersion.project_id == project.id)
        ):
            self.session.delete(version)
        project.schema_version = record["schema_version"]
        project.created_at = record["created_at"]
        counter = self.numbers.count(record, line)
        if counter is not None:
            # The file's numbers are stored as given; none is given here again.
            project.documents_numbered = counter
        self.session.flush()
        self.report = LoadReport(
            project,
            file_name=record["name"],
            name_taken=None if taken is None else wanted,
            people=self.people,
        )
        audit_log.record(
            self.session,
            self.actor,
            "project.load",
            project_slug=project.slug,
            target=f"project {project.slug}",
            after={"slug": project.slug, "name": project.name, "from_slug": record["slug"]},
        )

    def _resolve_users(self) -> None:
        """Match the file's users by name; create the missing ones, disabled (or, with no
        people kept, leave them out)."""
        if self.users_ready:
            return
        self.users_ready = True
        names = sorted(self.user_lines)
        for first in range(0, len(names), 500):
            query = select(User.username, User.id).where(
                User.username.in_(names[first : first + 500])
            )
            self.users.update((row[0], row[1]) for row in self.session.execute(query))
        assert self.report is not None
        for name in names:
            if name in self.users:
                continue
            if not makes_users(self.people):
                self.report.left_out_users.append(name)
                continue
            try:
                user = add_inactive_user(self.session, self.actor, name)
            except AnnotatorError as exc:
                raise ProjectFileError(self.user_lines[name], "name", exc.message) from None
            self.users[name] = user.id
            self.report.created_users.append(name)

    def _user_id(self, name: str | None, line: int, field_name: str) -> int | None:
        check_user(self.user_lines, name, line, field_name)
        return None if name is None else self.users.get(name)

    def _member(self, line: int, record: dict[str, Any]) -> None:
        check_member(record, self.user_lines, line)
        if not keeps_members(self.people):
            return
        self.session.add(
            ProjectMember(
                project_id=self.project.id,
                user_id=self.users[record["user"]],
                role=record["role"],
                created_at=record["created_at"],
            )
        )

    def _schema_version(self, line: int, record: dict[str, Any]) -> None:
        self.session.add(
            SchemaVersion(
                project_id=self.project.id,
                version=record["version"],
                schema=record["schema"],
                change=record["change"],
                created_by_id=self._user_id(record["created_by"], line, "created_by"),
                created_at=record["created_at"],
            )
        )

    def _assist_model(self, line: int, record: dict[str, Any]) -> None:
        data = _model_bytes(record, line)
        if record["kind"] != "tagger":
            raise ProjectFileError(line, "kind", f"unknown model kind {record['kind']!r}")
        check_model_labels(data, record["labels"], line)
        self.session.add(
            AssistModel(
                project_id=self.project.id,
                version=record["version"],
                kind=record["kind"],
                created_at=record["created_at"],
                created_by_id=self._user_id(record["created_by"], line, "created_by"),
                data=data,
                scores=record["scores"],
                documents=record["documents"],
                labels=record["labels"],
            )
        )

    def _assist_label_model(self, line: int, record: dict[str, Any]) -> None:
        data = _model_bytes(record, line)
        check_label_model(record["scope"], data, line)
        self.session.add(
            AssistLabelModel(
                project_id=self.project.id,
                version=record["version"],
                scope=record["scope"],
                field=record["field"],
                created_at=record["created_at"],
                data=data,
                scores=record["scores"],
                documents=record["documents"],
            )
        )

    def _history(self, line: int, record: dict[str, Any]) -> None:
        check_history(record, line)
        actor = record["actor"]
        actor_id = self.users.get(actor)
        if actor_id is None:
            actor_id = self.session.scalar(select(User.id).where(User.username == actor))
        self.session.add(
            AuditEntry(
                created_at=record["at"],
                actor_id=actor_id,
                actor=actor,
                action=record["action"],
                project_slug=self.project.slug,
                target=record["target"],
                before=record["before"],
                after=record["after"],
            )
        )

    def _document(self, line: int, record: dict[str, Any]) -> None:
        check_document(record, self.user_lines, line, self.project.schema)
        self.numbers.claim(record, line)
        self._claim_ids(record, line)
        if record["id"] in self.external_ids:
            raise ProjectFileError(line, "id", f"a second document {record['id']!r}")
        self.external_ids.add(record["id"])
        # Left out once checked and its ids claimed: the file is refused for the same
        # problems whatever is kept of it.
        if self.people != "all":
            record = without_annotators(record)
        if self.report is not None and self.report.left_out_users:
            record = without_unknown(record, self.users)
        self.pending.append((line, record))
        if len(self.pending) >= BATCH:
            self._store_documents()

    def _store_documents(self) -> None:
        if not self.pending:
            return
        self.session.flush()
        kept = {kind for kind, plan in self.ids.items() if plan.keep}
        store_documents(self.session, self.project, [r for _, r in self.pending], self.users, kept)
        assert self.report is not None
        self.report.documents += len(self.pending)
        self.pending = []

    def _claim_ids(self, record: dict[str, Any], line: int) -> None:
        for kind, plan in self.ids.items():
            part = ITEM_PARTS[kind]
            for i, layer in enumerate(record["layers"]):
                for j, item in enumerate(layer[part]):
                    plan.declared.claim(item["id"], line, f"layers[{i}].{part}[{j}].id")


def _model_bytes(record: dict[str, Any], line: int) -> bytes:
    """Return a suggestion model's bytes, which a file holds as base64 (in ``data``).

    :raises ProjectFileError: naming the line and ``data``, when it is not base64.
    """
    try:
        return base64.b64decode(record["data"], validate=True)
    except (binascii.Error, ValueError):
        raise ProjectFileError(line, "data", "not base64") from None
