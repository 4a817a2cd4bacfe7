"""The layers' history in a project file: each document's ``changes``, dumped and loaded.

For :mod:`annotator.services.datasets.project_documents` (the dump) and
:mod:`annotator.services.datasets.project_store` (the load). A change names no database id:
its layer by name, its actor by user name, and a span, relation or label value that still
exists by its place in its layer's ``spans``, ``relations`` or ``labels`` (the order the dump
writes and the load keeps), so that a loaded project's changes point at the loaded items
whether their ids were kept or numbered anew, and a dump of it gives the same bytes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from annotator.core.formats.project_file import build
from annotator.core.formats.project_ids import empty_by_kind
from annotator.core.history import deciders_named, deciders_numbered, decode, encode
from annotator.core.times import stamp
from annotator.models import GOLD, Layer, LayerChange

#: Ids bound in one ``IN`` (below SQLite's oldest limit of 999 parameters).
_MOST = 500


@dataclass
class Places:
    """Each span's, relation's and label value's place in its layer's list, what relations
    and changes name them by: by kind, then by layer row and item id; ``layers`` finds a
    layer's row by its document and key (``gold``, ``user:<id>``), as a change names it."""

    layers: dict[tuple[int, str], int]
    items: dict[str, dict[tuple[int, int], int]] = field(default_factory=empty_by_kind)

    def of(self, kind: str, document_id: int, layer_key: str, item_id: int) -> int | None:
        """Return the place of the item a change names, if it is still in that layer."""
        layer_id = self.layers.get((document_id, layer_key))
        found = self.items.get(kind)
        return None if layer_id is None or found is None else found.get((layer_id, item_id))


def change_records(
    connection: Connection,
    ids: list[int],
    names: dict[int, str],
    places: Places,
) -> dict[int, list[dict[str, Any]]]:
    """Return each document's ``change`` records, oldest first.

    :param places: each live span's, relation's and label value's place in its layer's list.
    """
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    c = LayerChange.__table__.c
    query = select(
        c.document_id, c.layer_key, c.at, c.actor_id, c.kind, c.action, c.source, c.item_id,
        c.before, c.after, c.item_source,
    ).order_by(c.document_id, c.id)  # fmt: skip
    for doc_id, key, at, actor, kind, action, source, item, before, after, item_source in _rows(
        connection, query, c.document_id, ids
    ):
        layer = _layer_name(key, names)
        if layer is None:  # the layer of a user since deleted
            continue
        found[doc_id].append(
            build(
                "change",
                {
                    "layer": layer,
                    "at": stamp(at),
                    "actor": names.get(actor),
                    "kind": kind,
                    "action": action,
                    "source": source,
                    # Looked for in the change's own layer: an id the database gave again
                    # (SQLite reuses the highest after a delete) may be another layer's.
                    "item": None if item is None else places.of(kind, doc_id, key, item),
                    # A snapshot's decider by name too (it keeps one for a restore).
                    "before": deciders_named(decode(before), names),
                    "after": decode(after),
                    "item_source": decode(item_source),
                },
            )
        )
    return found


def _layer_name(key: str, names: dict[int, str]) -> str | None:
    if key == GOLD:
        return GOLD
    return names.get(int(key.removeprefix("user:")))


def _rows(connection: Connection, query: Any, column: Any, ids: list[int]) -> Iterator[Any]:
    for first in range(0, len(ids), _MOST):
        yield from connection.execute(query.where(column.in_(ids[first : first + _MOST])))


def change_rows(
    doc_id: int,
    record: dict[str, Any],
    users: dict[str, int],
    item_ids: dict[str, dict[str, list[int]]],
) -> list[dict[str, Any]]:
    """Return the ``layer_change`` rows of a loaded document's checked ``changes``.

    :param item_ids: the stored ids of each layer's spans, relations and label values, by kind
        and layer name, in the file's order.
    """
    rows = []
    for change in record["changes"]:
        layer = change["layer"]
        item = change["item"]
        rows.append(
            {
                "document_id": doc_id,
                "layer_key": GOLD if layer == GOLD else Layer.key_for(users[layer]),
                # None too for a name the load left out (it makes no users).
                "actor_id": None if change["actor"] is None else users.get(change["actor"]),
                "at": change["at"],
                "kind": change["kind"],
                "action": change["action"],
                "source": change["source"],
                "item_id": None if item is None else item_ids[change["kind"]][layer][item],
                "before": encode(deciders_numbered(change["before"], users)),
                "after": encode(change["after"]),
                "item_source": encode(change["item_source"]),
                # A file names no change by id: a loaded relation's row made by its end's
                # move is found by its place, as before the link was kept.
                "caused_by_id": None,
            }
        )
    return rows
