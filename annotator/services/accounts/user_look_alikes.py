"""A user named a little wrong when adding or changing a project's member: the one meant.

"Dan" for ``dan`` (case), "danny" for ``dan`` (spelling) was refused as "no user called
'Dan'" and nothing more. The refusal now names the user most likely meant, from the names
the caller may be told: every active user to a global admin, who lists them all on the
Users page anyway; only the project's own members to anyone else (a manager administers one
project and must not learn who works elsewhere). Pages and the API refuse alike.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.errors import NotFound, closest, you_meant
from annotator.models import Project, User
from annotator.services.accounts.permissions import users_told
from annotator.services.accounts.users import case_variants, find_user


def member_to_be(
    session: Session, actor: Actor, project: Project, username: str, *, field: str | None = None
) -> User:
    """Return the user called ``username``, for ``actor`` to add to ``project`` or change.

    :raises NotFound: nobody is called so; the message ends with `` (did you mean 'NAME'?)``
        and ``details["did_you_mean"]`` is NAME when one of the names ``actor`` may be told
        is close (``details["field"]`` is ``field`` when given).
    """
    user = find_user(session, username)
    if user is not None:
        return user
    meant = meant_user(session, actor, project, username)
    missing = NotFound(f"no user called {username!r}{you_meant(meant)}")
    details = ({"field": field} if field else {}) | ({"did_you_mean": meant} if meant else {})
    if details:
        missing.details = details
    raise missing


def meant_user(session: Session, actor: Actor, project: Project, typed: str) -> str | None:
    """Return the name ``actor`` may be told that ``typed`` most likely meant, or None.

    The one ``typed`` reads as (case, character width) comes first; then the closest by
    spelling (:func:`annotator.core.errors.closest`). An admin's names are every active
    user's, read only on this refusal's path.
    """
    told = users_told(session, actor, project)
    same = case_variants(session, [typed]).get(typed)
    if same is not None and same in told:
        return same
    return closest(typed, sorted(told))
