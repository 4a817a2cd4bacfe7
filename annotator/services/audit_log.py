"""Writing the log of administrative changes: one entry per change, in the caller's transaction.

Below every domain package, so that any of them logs a change it makes: the label schema's
edits (:mod:`annotator.services.schema`), which :mod:`annotator.services.accounts` imports and
never the other way, as well as the accounts, the datasets and the annotations. Reading the
log (who may see which entries, how a target is said) is
:mod:`annotator.services.accounts.audit`'s.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.models import AuditEntry

#: The actor's name for a change made on the command line, where nobody is logged in.
COMMAND_LINE = "(command line)"


def record(
    session: Session,
    actor: Actor | None,
    action: str,
    *,
    project_slug: str | None = None,
    target: str = "",
    before: Any = None,
    after: Any = None,
) -> AuditEntry:
    """Store one administrative change in the caller's transaction (so both land, or neither).

    :param action: a dotted verb, such as ``project.create`` or ``user.update``.
    :param before: what changed, as it was (JSON-serialisable; None for a creation).
    :param after: what changed, as it is now (None for a deletion).
    """
    entry = AuditEntry(
        actor_id=None if actor is None else actor.id,
        actor=COMMAND_LINE if actor is None else actor.username,
        action=action,
        project_slug=project_slug,
        target=target,
        before=before,
        after=after,
    )
    session.add(entry)
    session.flush()
    return entry
