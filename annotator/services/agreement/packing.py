"""Packed loading for the agreement report: rows come back from the database as integers.

Spans, relations and label values come back as integer arrays, never as ORM objects or even
as one Python row each: the report reads hundreds of thousands of rows, and a tuple per row
costs more than every statistic together. The database packs each row's fields into one or
two integers (labels, types and values replaced by codes with CASE) and each range of layers
into one comma-separated string, which NumPy parses in one call.
"""

from __future__ import annotations

import json
from collections.abc import Hashable, Sequence
from itertools import product
from math import prod
from typing import Any

import numpy as np
from sqlalchemy import BigInteger, ColumnElement, String, Text, case, cast, func, literal, select
from sqlalchemy.orm import Session

from annotator.core.errors import Invalid
from annotator.models import LabelValue, Relation, Span
from annotator.services.agreement.tables import LabelTable, RelationTable, SpanTable

CODE_BITS = 10  # room the length check leaves beside a span for its label code
UNKNOWN = -2  # the code of a value a CASE does not list
LAYERS_PER_QUERY = 50_000  # bounds the size of one packed string (about 40 MB)


def integers(session: Session, query: Any) -> np.ndarray:
    """Return the rows of ``query`` (integer columns) as a 2-D array, packed in one string."""
    columns = list(query.selected_columns)
    text: ColumnElement[str] = cast(columns[0], String)
    for column in columns[1:]:
        text = text + "," + cast(column, String)
    packed = session.scalar(query.with_only_columns(func.aggregate_strings(text, ",")))
    if not packed:
        return np.zeros((0, len(columns)), dtype=np.int64)
    return np.fromstring(packed, dtype=np.int64, sep=",").reshape(-1, len(columns))


def _case(column: Any, values: Sequence[Any], none: Sequence[Any] = ()) -> Any:
    """Return SQL for the index of ``column``'s value in ``values``.

    Values in ``none`` give -1 (no value), anything else ``UNKNOWN`` (-2).
    """
    mapping = {value: -1 for value in none} | {value: i for i, value in enumerate(values)}
    if not mapping:
        return literal(UNKNOWN)
    return case(mapping, value=column, else_=UNKNOWN)


Field = tuple[Any, int]  # a non-negative SQL integer expression and its width in bits


def _width(count: int) -> int:
    """Return the bits that hold the codes ``0 .. count - 1``."""
    return max(count - 1, 1).bit_length()


class Loader:
    """Packed queries: the rows of a range of layers come back as one string of integers.

    The database packs each row's fields into one or two integers ("words"), the layer's
    offset in its id range on top of one of them: building and parsing the string cost per
    number, so few numbers per row is what makes loading fast. No join and no GROUP BY: the
    layers are chosen by id range (an index scan), and rows of layers outside the report
    (other projects, annotators left out) are dropped afterwards.
    """

    def __init__(
        self,
        session: Session,
        layers: list[str],
        ids: np.ndarray,
        layer_of: np.ndarray,
        doc_of: np.ndarray,
        longest: int,
        schema: dict[str, Any],
    ) -> None:
        self.session = session
        order = np.argsort(ids)
        self.ids, self.layer_of, self.doc_of = ids[order], layer_of[order], doc_of[order]
        self.layers = layers
        self.schema = schema
        self.bits = max(longest, 1).bit_length()
        if 2 * self.bits + CODE_BITS > 62:
            raise Invalid("a document is too long for the agreement report (over 67M characters)")
        # Span ids are packed too: as wide as the largest one (a primary key lookup).
        self.id_bits = int(session.scalar(select(func.max(Span.id))) or 1).bit_length()

    def _ranges(self, room: int) -> list[tuple[int, int]]:
        """Return id ranges of the chosen layers, none wider than ``2 ** room`` ids."""
        ranges, i = [], 0
        while i < len(self.ids):
            last = min(
                i + LAYERS_PER_QUERY,
                int(np.searchsorted(self.ids, self.ids[i] + (1 << min(room, 62)))),
            )
            ranges.append((int(self.ids[i]), int(self.ids[last - 1])))
            i = last
        return ranges

    def distinct(self, column: Any, layer_column: Any) -> list[Any]:
        """Return the distinct values of ``column`` in the chosen layers, sorted."""
        found: set[Any] = set()
        for low, high in self._ranges(62):
            found.update(
                self.session.scalars(
                    select(column).where(layer_column.between(low, high)).distinct()
                )
            )
        return sorted(value for value in found if value is not None)

    def packed(
        self, layer_column: Any, words: list[list[Field]]
    ) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
        """Return (layer index, document id, each field's column) of the chosen layers' rows.

        :param words: the integers of a row, each a list of fields, most significant first.
            The layer's offset from the start of its id range goes on top of the word with
            the most room.
        """
        used = [sum(bits for _, bits in word) for word in words]
        top = used.index(min(used))
        room = 62 - used[top]
        if max(used) > 62 or room < 1:
            raise Invalid("too many labels, values or characters for the agreement report")
        layer_ids: list[np.ndarray] = []
        columns: list[list[np.ndarray]] = [[] for _ in range(sum(map(len, words)))]
        for low, high in self._ranges(room):
            texts = []
            for k, word in enumerate(words):
                fields = [(layer_column - low, room)] * (k == top) + word
                value: ColumnElement[int] = cast(fields[0][0], BigInteger)
                for expression, bits in fields[1:]:
                    value = value * (1 << bits) + expression
                texts.append(cast(value, String))
            text: ColumnElement[str] = texts[0]
            for part in texts[1:]:
                text = text + "," + part
            packed = self.session.scalar(
                select(func.aggregate_strings(text, ",")).where(layer_column.between(low, high))
            )
            if not packed:
                continue
            rows = np.fromstring(packed, dtype=np.int64, sep=",").reshape(-1, len(words))
            k = 0
            for w, word in enumerate(words):
                unpacked = rows[:, w]
                for i, (_, bits) in enumerate(reversed(word)):
                    columns[k + len(word) - 1 - i].append(unpacked & ((1 << bits) - 1))
                    unpacked = unpacked >> bits
                k += len(word)
                if w == top:
                    layer_ids.append(unpacked + low)
        found = np.concatenate(layer_ids) if layer_ids else np.zeros(0, np.int64)
        values = [np.concatenate(c) if c else np.zeros(0, np.int64) for c in columns]
        if not len(self.ids):
            return found, found, values
        where = np.minimum(np.searchsorted(self.ids, found), len(self.ids) - 1)
        chosen = self.ids[where] == found
        where = where[chosen]
        return self.layer_of[where], self.doc_of[where], [column[chosen] for column in values]

    def spans(self, labels: list[str]) -> tuple[dict[str, SpanTable], list[dict[str, Any]]]:
        """Return each layer's spans and the distinct attribute sets they carry."""
        raw_attributes = cast(Span.attributes, Text)
        raws = _attribute_candidates(self.schema)
        for attempt in range(2):
            layer, doc, (start, length, label, ids, sets) = self.packed(
                Span.layer_id,
                [
                    [
                        (Span.start, self.bits),
                        (Span.end - Span.start, self.bits),
                        (_case(Span.label, labels) + 2, _width(len(labels) + 2)),
                    ],
                    [
                        (Span.id, self.id_bits),
                        (
                            _case(raw_attributes, raws, none=("{}", "null")) + 2,
                            _width(len(raws) + 2),
                        ),
                    ],
                ],
            )
            label, sets = label - 2, sets - 2
            if attempt or not ((label == UNKNOWN).any() or (sets == UNKNOWN).any()):
                break
            # Labels or attribute sets the schema does not list (it changed since): code
            # them too and read again. Rare, so the common case needs no DISTINCT scans.
            labels += [x for x in self.distinct(Span.label, Span.layer_id) if x not in labels]
            raws += [
                raw
                for raw in self.distinct(raw_attributes, Span.layer_id)
                if raw not in raws and raw not in ("{}", "null")
            ]
        end = start + length
        order = np.lexsort((ids, end, start, doc, layer))
        layer, doc, start, end = layer[order], doc[order], start[order], end[order]
        label, ids, sets = label[order], ids[order], sets[order]
        bounds = np.searchsorted(layer, np.arange(len(self.layers) + 1))
        tables = {}
        for k, name in enumerate(self.layers):
            part = slice(bounds[k], bounds[k + 1])
            tables[name] = SpanTable(
                doc[part], start[part], end[part], label[part], ids[part], sets[part]
            )
        return tables, [json.loads(raw) for raw in raws]

    def relations(self, types: list[str]) -> dict[str, RelationTable]:
        """Return each layer's relations (of the schema's types; others say nothing here)."""
        layer, _doc, (kind, source, target) = self.packed(
            Relation.layer_id,
            [
                [
                    (_case(Relation.type, types) + 2, _width(len(types) + 2)),
                    (Relation.from_span_id, self.id_bits),
                ],
                [(Relation.to_span_id, self.id_bits)],
            ],
        )
        kind = kind - 2
        known = kind >= 0
        layer, kind, source, target = layer[known], kind[known], source[known], target[known]
        return {
            name: RelationTable(kind[layer == k], source[layer == k], target[layer == k])
            for k, name in enumerate(self.layers)
        }

    def labels(self) -> tuple[list[str], list[Hashable], LabelTable]:
        """Return the label field names and values in use, and every layer's label values."""
        raw_value = cast(LabelValue.value, Text)
        fields = self.schema.get("sentence_labels", []) + self.schema.get("document_labels", [])
        names = sorted({field["name"] for field in fields})
        raws = sorted({json.dumps(value) for field in fields for value in field["values"]})
        for attempt in range(2):
            layer, doc, (unit, name, value) = self.packed(
                LabelValue.layer_id,
                [
                    [
                        # DOCUMENT_UNIT (-1) and sentence indexes, which stay below the length.
                        (LabelValue.sentence_index + 1, self.bits + 1),
                        (_case(LabelValue.name, names) + 2, _width(len(names) + 2)),
                        (_case(raw_value, raws, none=("null",)) + 2, _width(len(raws) + 2)),
                    ]
                ],
            )
            unit, name, value = unit - 1, name - 2, value - 2
            if attempt or not (value == UNKNOWN).any():
                break
            # Lists (multi-valued fields) or values the schema no longer lists.
            raws += [
                raw
                for raw in self.distinct(raw_value, LabelValue.layer_id)
                if raw not in raws and raw != "null"
            ]
        present = (name >= 0) & (value >= 0)  # a null value is no value
        values = [_value(raw) for raw in raws]
        # Two texts of one value (a list in another order) share the first one's code.
        first: dict[Hashable, int] = {}
        same = np.array([first.setdefault(v, i) for i, v in enumerate(values)] + [-1])
        table = LabelTable(
            layer[present], doc[present], unit[present], name[present], same[value[present]]
        )
        return names, values, table


def _attribute_candidates(schema: dict[str, Any]) -> list[str]:
    """Return the stored text of the attribute sets the schema allows, as far as it is small.

    The JSON column stores ``json.dumps`` of the dict, keys in the order they were given;
    every single-attribute set and every full set in schema order is listed, and anything
    else is found by a second reading (see :meth:`Loader.spans`).
    """
    found: list[str] = []
    for label in schema.get("span_labels", []):
        attributes = [a for a in label.get("attributes", []) if not a.get("multiple")]
        for attribute in attributes:
            found += [json.dumps({attribute["name"]: v}) for v in attribute["values"]]
        if len(attributes) > 1 and prod(len(a["values"]) for a in attributes) <= 500:
            names = [a["name"] for a in attributes]
            found += [
                json.dumps(dict(zip(names, combo, strict=True)))
                for combo in product(*(a["values"] for a in attributes))
            ]
    return sorted(set(found))


def _value(raw: str) -> Hashable:
    value = json.loads(raw)
    # A multi-valued field compares as a set of values, in any order.
    return tuple(sorted(value)) if isinstance(value, list) else value
