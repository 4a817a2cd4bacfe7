"""Recording a layer's history: the one home every write to a layer calls.

Each write service (spans, relations, labels, statuses; and through them adjudication,
unanimous items, accepted suggestions, restores) calls :func:`record_change` with the item
before and after, in the same transaction as the write, so that a write rolled back leaves
no history and a history row never outlives its write. A row costs one precompiled INSERT
with no ORM object and no SELECT: the callers hand over values they already hold.

Who made a change and by which path: a caller that knows the actor passes it; a service that
writes on someone's behalf (adjudication, accepting suggestions, imports, restores) wraps
its work in :func:`acting`, naming the actor and the source for every row written inside.
Without either, an annotator's layer is written by its owner and gold by a reviewer.
Bulk writers (imports, project loads) hand their rows to :func:`record_changes`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import wraps
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar

from sqlalchemy import insert
from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.gold_source import FROM_SUGGESTION, WRITTEN_SOURCE, Source
from annotator.core.history import encode, status_snapshot
from annotator.db import AppSession, Db
from annotator.models import GOLD, SUGGESTIONS, LayerChange, utcnow
from annotator.precompiled import Precompiled

_KEY = "annotator.change_context"
_SOURCE_KEY = "annotator.gold_source"
#: No :func:`deciding` around (its None says an item has no source).
_UNSET: Any = object()
#: The kinds of item whose gold changes carry the item's source.
_ITEM_KINDS = frozenset({"span", "relation", "label"})
_COLUMNS = [column.name for column in LayerChange.__table__.columns if column.name != "id"]
_INSERT = Precompiled(insert(LayerChange.__table__), column_keys=_COLUMNS)
# A gold change's item source when no decision names one: a reviewer's own hand in the gold
# layer, or a suggestion accepted there.
_BY_SOURCE = {
    "reviewer": encode(WRITTEN_SOURCE.as_json()),
    "suggestion": encode(FROM_SUGGESTION.as_json()),
}


class LayerLike(Protocol):
    """A layer row or a :class:`~annotator.services.annotation.write_target.LayerRef`."""

    @property
    def document_id(self) -> int: ...

    @property
    def user_id(self) -> int | None: ...


@contextmanager
def acting(
    session: Session,
    actor: Actor | int | None,
    source: str,
    *,
    action: str | None = None,
) -> Iterator[None]:
    """Record every change made inside as ``actor``'s (None: the system), through ``source``.

    :param action: recorded instead of each change's own action (a restore's ``restore``).
    """
    # A User, or the request's Caller (annotator.core.caller.Actor), or its id.
    actor_id = actor if actor is None or isinstance(actor, int) else actor.id
    previous = session.info.get(_KEY)
    session.info[_KEY] = (actor_id, source, action)
    try:
        yield
    finally:
        if previous is None:
            session.info.pop(_KEY, None)
        else:
            session.info[_KEY] = previous


@contextmanager
def deciding(session: Session, source: Source | None) -> Iterator[None]:
    """Record ``source`` as the gold item's source on each gold change made inside (an
    item written or changed; a removal has none): the decision a review writes, the source
    a restored item had, or the one an item keeps through a change of its note alone. None:
    none, as for an item that kept none (not taken for a reviewer's hand)."""
    previous = session.info.get(_SOURCE_KEY, _UNSET)
    session.info[_SOURCE_KEY] = None if source is None else encode(source.as_json())
    try:
        yield
    finally:
        if previous is _UNSET:
            session.info.pop(_SOURCE_KEY, None)
        else:
            session.info[_SOURCE_KEY] = previous


P = ParamSpec("P")
R = TypeVar("R")
#: The session type the decorated service takes (most take the app's :class:`AppSession`),
#: kept as it is by :func:`acts_as`.
S = TypeVar("S", bound=Session)


def acts_as(
    source: str,
) -> Callable[[Callable[Concatenate[S, Actor, P], R]], Callable[Concatenate[S, Actor, P], R]]:
    """Decorate a service taking ``(session, user, ...)``: its changes are ``user``'s."""

    def decorate(
        function: Callable[Concatenate[S, Actor, P], R],
    ) -> Callable[Concatenate[S, Actor, P], R]:
        @wraps(function)
        def wrapper(session: S, user: Actor, *args: P.args, **kwargs: P.kwargs) -> R:
            with acting(session, user, source):
                return function(session, user, *args, **kwargs)

        return wrapper

    return decorate


def acting_user_id(session: Session) -> int | None:
    """Return the id of the user :func:`acting` names now (None: none, or the system)."""
    context = session.info.get(_KEY)
    return None if context is None else context[0]


def layer_key(layer: LayerLike) -> str:
    """Return a layer's key (``gold``, ``suggestions``, ``user:<id>``) without a query."""
    key = getattr(layer, "key", None)
    if key is not None:
        return str(key)
    return "gold" if layer.user_id is None else f"user:{layer.user_id}"


def layer_owner(key: str) -> int | None:
    """Return the annotator's id a layer key names (:func:`layer_key`'s inverse); None for gold."""
    return int(key.removeprefix("user:")) if key.startswith("user:") else None


def record_change(
    session: Db,
    layer: LayerLike,
    kind: str,
    action: str,
    item_id: int | None,
    before: Any,
    after: Any,
    *,
    actor: Actor | None = None,
    at: datetime | None = None,
    caused_by: int | None = None,
) -> None:
    """Record one change to ``layer``: ``before`` and ``after`` are snapshots (None: absent).

    Changes to the suggestions layer, which every prediction replaces, are not history.

    :param at: when, if not now: the time the changed row itself was given.
    :param caused_by: the id of the change that made this one (a relation's end span's move).
    """
    key = layer_key(layer)
    if key == SUGGESTIONS:
        return
    actor_id, source, restoring = _who(session, layer, actor)
    item_source = None
    if key == GOLD and kind in _ITEM_KINDS and after is not None:
        if _SOURCE_KEY in session.info:  # :func:`deciding` names it, or says it has none
            item_source = session.info[_SOURCE_KEY]
        elif restoring is None:
            item_source = _BY_SOURCE.get(source)
    row = {
        "document_id": layer.document_id,
        "layer_key": key,
        "actor_id": actor_id,
        "at": at or utcnow(),
        "kind": kind,
        "action": restoring or action,
        "source": source,
        "item_id": item_id,
        "before": encode(before),
        "after": encode(after),
        "item_source": item_source,
        "caused_by_id": caused_by,
    }
    _INSERT.execute(session, row).close()


@dataclass(frozen=True, slots=True)
class _Owned:
    """A layer named by its document and owner alone (a status change needs no layer row)."""

    document_id: int
    user_id: int | None


def record_status(
    session: Db,
    document_id: int,
    owner_id: int | None,
    before: str | None,
    after: str,
    *,
    actor: Actor | None = None,
    sent_back: str | None = None,
) -> None:
    """Record that a layer's status (``owner_id`` None: gold's) changed.

    :param sent_back: the layer was sent back to its annotator by ``actor`` (a reviewer or
        manager), for this reason ("" for none given): kept in the change's ``after``, for
        the annotator's workspace to say (:mod:`annotator.services.annotation.send_back`).
    """
    snapshot = status_snapshot(after)
    if sent_back is not None:
        snapshot |= {"sent_back": True, "reason": sent_back}
    record_change(
        session,
        _Owned(document_id, owner_id),
        "status",
        "update",
        None,
        None if before is None else status_snapshot(before),
        snapshot,
        actor=actor,
    )


def _who(session: Db, layer: LayerLike, actor: Actor | None) -> tuple[int | None, str, str | None]:
    """Return who made a change, by which path, and the action that stands for every change."""
    context = session.info.get(_KEY)
    if context is not None:
        context_actor, source, action = context
        return (actor.id if actor is not None else context_actor), source, action
    source = "annotator" if layer.user_id is not None else "reviewer"
    return (actor.id if actor is not None else layer.user_id), source, None


def record_changes(session: AppSession, rows: list[Mapping[str, Any]]) -> None:
    """Insert many change rows at once (one ``executemany``): imports and project loads.

    Each row gives every column but the id, ``before`` and ``after`` as JSON text
    (:func:`change_row` makes them).
    """
    _INSERT.execute_many(session, rows)


def change_row(
    document_id: int,
    key: str,
    kind: str,
    action: str,
    item_id: int | None,
    before: Any,
    after: Any,
    *,
    actor_id: int | None,
    source: str,
    at: datetime | None = None,
    item_source: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Return a row for :func:`record_changes`; ``before`` and ``after`` are snapshots, and
    ``item_source`` a gold item's source after the change as its row says it
    (:func:`annotator.core.gold_source.source_json`)."""
    return {
        "document_id": document_id,
        "layer_key": key,
        "actor_id": actor_id,
        "at": at or utcnow(),
        "kind": kind,
        "action": action,
        "source": source,
        "item_id": item_id,
        "before": encode(before),
        "after": encode(after),
        "item_source": encode(item_source),
        # Only a live move links its rows (services/review/moved_ends.py).
        "caused_by_id": None,
    }
