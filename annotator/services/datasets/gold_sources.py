"""Each exported gold item's ``source``: how it was decided and who gave exactly it.

Read after a batch's layers (:mod:`annotator.services.datasets.batches`), by the gold layers'
ids alone, and added to each gold span, relation and label value as
:func:`annotator.core.gold_source.source_json` shapes it; an item gold holds without
one (imported as gold without it, say) has no ``source`` key, as an item not from a
suggestion has no ``suggested``. An annotator's layer has no ``source``: it is where
sources come from. Spans read as rows (:class:`~annotator.core.formats.SpanRows`) get it among
their extras, as a note. Gold is one layer a document, so the ``jsonl`` fast path's gold arrays
are read back from their text here rather than written apart.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, select

from annotator.core.formats import RawJSON, SpanRows
from annotator.core.gold_source import source_json
from annotator.models import DOCUMENT_UNIT, LabelValue, Relation, Span
from annotator.services.datasets.loaded import Payloads

_sp, _r, _lv = Span.__table__.c, Relation.__table__.c, LabelValue.__table__.c
# Ids bound at once (below SQLite's oldest limit of 999 parameters).
_MOST = 512


def add_sources(connection: Connection, payloads: Payloads, gold_ids: list[int]) -> None:
    """Give each item of the gold layers ``gold_ids`` (of ``payloads``) its ``source``."""
    if not gold_ids:
        return
    spans = _by(connection, gold_ids, _sp, _sp.id)
    relations = _by(connection, gold_ids, _r, _r.id)
    labels = _by(connection, gold_ids, _lv, _lv.sentence_index, _lv.name)
    for layer_id in gold_ids:
        layer = payloads[layer_id][1]
        found = layer.get("spans")
        if type(found) is SpanRows:
            _put_rows(found, layer_id, spans)
        for item in _items(layer, "spans"):
            _put(item, spans.get((layer_id, item["id"])))
        for item in _items(layer, "relations"):
            _put(item, relations.get((layer_id, item["id"])))
        for part in ("sentence_labels", "document_labels"):
            for item in _items(layer, part):
                unit = item.get("sentence", DOCUMENT_UNIT)
                _put(item, labels.get((layer_id, unit, item["name"])))


def _put(item: dict[str, Any], source: dict[str, Any] | None) -> None:
    # As ``suggested``: only an item that has one has the key.
    if source is not None:
        item["source"] = source


def _put_rows(found: SpanRows, layer_id: int, spans: dict[Any, Any]) -> None:
    """Give each span row its ``source`` among its extras (the ``spacy`` export's spans)."""
    rows = found.rows
    for i, (span_id, label, start, end, attributes, extras) in enumerate(rows):
        source = spans.get((layer_id, span_id))
        if source is not None:
            rows[i] = (span_id, label, start, end, attributes, (extras or {}) | {"source": source})


def _items(layer: dict[str, Any], part: str) -> list[dict[str, Any]]:
    """Return a layer's ``part`` as a list of dicts (read back from JSON text if need be)."""
    found = layer.get(part)
    if type(found) is RawJSON:
        found = layer[part] = json.loads(found.text)
    return found if isinstance(found, list) else []


def _by(connection: Connection, gold_ids: list[int], table: Any, *key: Any) -> dict[Any, Any]:
    """Return each gold row's source by its layer and ``key`` (an id, or a label's unit and
    field)."""
    query = select(table.layer_id, *key, table.source_how, table.source_of, table.source_layer)
    found: dict[Any, Any] = {}
    for first in range(0, len(gold_ids), _MOST):
        chunk = gold_ids[first : first + _MOST]
        rows: Iterable[Any] = connection.execute(query.where(table.layer_id.in_(chunk)))
        for *named, how, of, names in rows:
            found[tuple(named)] = source_json(how, of, names)
    return found
