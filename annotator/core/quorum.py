"""What enough of a document's annotators agree on: the one home of the rule.

Pure. A *quorum* says how many annotators must give an item alike: ``unanimous`` all of them,
``majority`` more than half (2 of 3, 3 of 4 or 5; 2 of 4 is a tie, not a majority; with two
annotators the majority is both, so it is unanimity). Items are compared by content:

-   a span by label, start and end; an attribute of an agreed span when the quorum of *all*
    the annotators gave that span that value (those without the span gave it none);
-   a relation by type and its ends' keys, agreed only when both ends are agreed spans;
-   a sentence or document label by its unit and field, agreed when the quorum chose exactly
    that value (a multi-valued field's whole list).

Each agreed item names the layers (by their position) that hold it, and a span also those
whose attributes are exactly the agreed ones: gold records those givers as the item's source
(:mod:`annotator.core.gold_source`). The export's ``majority`` layer
(:mod:`annotator.core.formats.majority`) and accepting agreed items into gold
(:mod:`annotator.services.review.unanimous`) both ask :func:`agreed_items`, so that what the
export calls the majority is what the reviewer accepts.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

UNANIMOUS = "unanimous"
MAJORITY = "majority"
#: The quorums a reviewer may accept items with; the first is the default.
QUORUMS = (UNANIMOUS, MAJORITY)

#: A span as the annotators are compared on it: label, start, end.
SpanKey = tuple[str, int, int]
#: A relation as the annotators are compared on it: its type and its ends' span keys.
RelationKey = tuple[str, SpanKey, SpanKey]
#: A label value's place: its unit (a sentence index, or whatever the caller calls the
#: document) and its field's name.
LabelPlace = tuple[Hashable, str]


def needed(quorum: str, annotators: int) -> int:
    """Return how many of ``annotators`` must give an item alike for ``quorum`` to hold."""
    if quorum == UNANIMOUS:
        return annotators
    if quorum == MAJORITY:
        return annotators // 2 + 1
    raise ValueError(f"unknown quorum {quorum!r}; the quorums are {', '.join(QUORUMS)}")


@dataclass
class LayerItems:
    """One annotator's layer by content: what :func:`agreed_items` compares."""

    #: Each span's key and its attributes (a layer holds a key once; a repeat adds nothing).
    spans: dict[SpanKey, Mapping[str, Any]] = field(default_factory=dict)
    relations: set[RelationKey] = field(default_factory=set)
    labels: dict[LabelPlace, Any] = field(default_factory=dict)


@dataclass
class AgreedItems:
    """What the quorum of the layers agree on, each item with the positions of its holders."""

    #: Each agreed span's attributes the quorum gave alike, and its holders.
    spans: dict[SpanKey, tuple[dict[str, Any], tuple[int, ...]]] = field(default_factory=dict)
    #: Each agreed span's givers: the holders whose attributes are exactly those agreed (a
    #: holder who gave an attribute another value, or one the quorum did not, is no giver).
    span_givers: dict[SpanKey, tuple[int, ...]] = field(default_factory=dict)
    relations: dict[RelationKey, tuple[int, ...]] = field(default_factory=dict)
    #: Each agreed label's value and its holders.
    labels: dict[LabelPlace, tuple[Any, tuple[int, ...]]] = field(default_factory=dict)


def _same(value: Any) -> str:
    """Return a value's comparable form: equal JSON is the same value (``1`` is not ``true``),
    and a list (a multi-valued field's set) is the same set in any order: values are stored in
    the schema's order, but a database may hold lists stored before that rule."""
    if isinstance(value, list):
        value = sorted(value, key=lambda item: json.dumps(item, sort_keys=True))
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def same_value(one: Any, other: Any) -> bool:
    """Tell whether two values are the same as :func:`agreed_items` compares them."""
    return _same(one) == _same(other)


def same_attributes(given: Mapping[str, Any], accepted: Mapping[str, Any]) -> bool:
    """Tell whether an annotator's attributes are exactly ``accepted`` (lists as sets)."""
    return len(given) == len(accepted) and all(
        name in accepted and _same(value) == _same(accepted[name]) for name, value in given.items()
    )


def agreed_items(layers: Sequence[LayerItems], quorum: str) -> AgreedItems:
    """Return what at least :func:`needed` of ``layers`` give alike (nothing from no layer)."""
    need = needed(quorum, len(layers))
    agreed = AgreedItems()
    if not layers:
        return agreed
    span_holders: dict[SpanKey, list[int]] = defaultdict(list)
    for position, layer in enumerate(layers):
        for key in layer.spans:
            span_holders[key].append(position)
    for key, holders in span_holders.items():
        if len(holders) < need:
            continue
        given: dict[tuple[str, str], list[Any]] = defaultdict(list)
        for position in holders:
            for name, value in layers[position].spans[key].items():
                given[(name, _same(value))].append(value)
        attributes = {name: values[0] for (name, _), values in given.items() if len(values) >= need}
        agreed.spans[key] = (dict(sorted(attributes.items())), tuple(holders))
        agreed.span_givers[key] = tuple(
            p for p in holders if same_attributes(layers[p].spans[key], attributes)
        )
    relation_holders: dict[RelationKey, list[int]] = defaultdict(list)
    for position, layer in enumerate(layers):
        for relation in layer.relations:
            relation_holders[relation].append(position)
    agreed.relations = {
        key: tuple(holders)
        for key, holders in relation_holders.items()
        if len(holders) >= need and key[1] in agreed.spans and key[2] in agreed.spans
    }
    label_holders: dict[tuple[LabelPlace, str], list[int]] = defaultdict(list)
    for position, layer in enumerate(layers):
        for place, value in layer.labels.items():
            label_holders[(place, _same(value))].append(position)
    for (place, _), holders in label_holders.items():
        if len(holders) >= need:
            agreed.labels[place] = (layers[holders[0]].labels[place], tuple(holders))
    return agreed
