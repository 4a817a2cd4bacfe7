"""What a label value was given toward, told from when it was written (pure).

A label field's ``target`` says what its values are toward ("stance toward NATO"), its
``description`` what they say of it: both are what a value was given toward, and a change of
either is confirmed over the values given
(:mod:`annotator.services.schema.meaning`). The values stay as they are: an
annotator looking at one later should see that it was given toward another wording, to look
at it again.

No value records the schema version it was given under. The cheapest honest reckoning is by
time: the schema versions keep when each was saved, a value when it was last given
(``updated_at``, which only an answer moves: a rename of its field or of its value by a
schema change keeps it). A value was given under the newest version saved at or before that
moment; when that version's target or description of the field (under the name the field
had then, followed back through the renames each version's change in words records) is not
the current one, the value was given toward it. What this cannot tell, it leaves unsaid
rather than guessing: a field a version added under a name another had once gives no mark.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from annotator.core.schema_diff import renamed_in
from annotator.core.schema_renames import KINDS
from annotator.core.times import as_utc

#: A label field as a value names it: its kind ("sentence" or "document") and its name.
FieldKey = tuple[str, str]
#: What a field's values are given toward, in the order said: its target, its description.
#: A field's ``target_from`` (each document's target from its meta) is part of its target: a
#: change of it is a change of target.
WORDINGS = ("target", "description")
#: A field's wordings in one version: its target, its description and the meta key it takes
#: each document's target from (None: it had none).
Meaning = tuple[str | None, str | None, str | None]


@dataclass(frozen=True)
class OlderTarget:
    """What a value was given toward, where it is not what its field says now."""

    #: The target then; None: the field had none.
    target: str | None
    #: The schema version the value was given under.
    version: int
    #: The description then; None: the field had none.
    description: str | None = None
    #: The wordings that changed since (of :data:`WORDINGS`, in its order).
    changed: tuple[str, ...] = ("target",)
    #: The meta key each document's target was taken from then; None: none.
    target_from: str | None = None

    def words(self) -> str:
        """Say it as the workspace and the review page do."""
        said = {
            "target": self._target_words(),
            "description": "the field had no description"
            if self.description is None
            else f"the description was {self.description!r}",
        }
        return "given when " + " and ".join(said[wording] for wording in self.changed)

    def _target_words(self) -> str:
        """Say the target then: one for every document, or each one's from its meta."""
        if self.target_from is not None:
            fallback = "" if self.target is None else f", else {self.target!r}"
            return f"the target was each document's meta {self.target_from!r}{fallback}"
        return (
            "the field had no target" if self.target is None else f"the target was {self.target!r}"
        )

    def data(self) -> dict[str, Any]:
        """Return it as the API gives it: the description then only when it changed."""
        given = {
            "target": self.target,
            "version": self.version,
            "words": self.words(),
            "changed": list(self.changed),
        }
        if "description" in self.changed:
            given["description"] = self.description
        if self.target_from is not None:
            given["target_from"] = self.target_from
        return given


class TargetTimes:
    """The targets and descriptions of a project's label fields over its schema versions."""

    def __init__(self, versions: Iterable[tuple[int, datetime, dict[str, Any], str]]) -> None:
        """:param versions: each schema version's number, when it was saved, its schema and
        its change in words (which records the renames it made)."""
        ordered = sorted(
            (number, as_utc(at), field_meanings(schema), change or "")
            for number, at, schema, change in versions
        )
        self._numbers = [number for number, _at, _meanings, _change in ordered]
        self._times = [at for _number, at, _meanings, _change in ordered]
        self._meanings = [meanings for _number, _at, meanings, _change in ordered]
        self._names = _names_then(
            [meanings for _number, _at, meanings, _change in ordered],
            [change for _number, _at, _meanings, change in ordered],
        )

    def older_target(self, field: FieldKey, written_at: datetime) -> OlderTarget | None:
        """Return what a value of ``field`` written at ``written_at`` was given toward,
        when it is not what the field says now; None when it is, or when it cannot be told."""
        return self.older_target_at(field, bisect.bisect_right(self._times, as_utc(written_at)) - 1)

    @property
    def times(self) -> list[datetime]:
        """When each version was saved, oldest first: a value written at or after
        ``times[i]`` and before ``times[i + 1]`` was given under the version at ``i``, the
        rule a query may state in SQL (:func:`older_target_at` then tells the target)."""
        return list(self._times)

    def older_target_at(self, field: FieldKey, at: int) -> OlderTarget | None:
        """Return what a value of ``field`` (its name now) given under the version at index
        ``at`` of :attr:`times` was given toward, as :meth:`older_target` (-1: before the
        first)."""
        then = self._meaning_then(field, at)
        if then is None:
            return None
        now = self._meanings[-1][field]
        # The target and the meta key it may come from are one wording: the target.
        pairs = {"target": ((then[0], then[2]), (now[0], now[2])), "description": (then[1], now[1])}
        changed = tuple(w for w in WORDINGS if pairs[w][0] != pairs[w][1])
        if not changed:
            return None
        return OlderTarget(then[0], self._numbers[at], then[1], changed, then[2])

    def _meaning_then(self, field: FieldKey, at: int) -> Meaning | None:
        """Return the wordings the field had in the version at ``at`` under its name then."""
        if not self._meanings or field not in self._meanings[-1] or at < 0:
            return None
        name = self._names[at].get(field)
        return None if name is None else self._meanings[at].get(name)

    @property
    def changed(self) -> bool:
        """Tell whether any older version's wordings (or fields) differ from today's: when
        none do, no value can be marked, and its values need not be read."""
        return any(meanings != self._meanings[-1] for meanings in self._meanings[:-1])

    def changed_fields(self) -> set[FieldKey]:
        """Return today's fields whose target or description some older version had
        otherwise."""
        now = self._meanings[-1] if self._meanings else {}
        return {
            field
            for at in range(len(self._meanings) - 1)
            for field in now
            if self._meaning_then(field, at) not in (None, now[field])
        }


def _names_then(
    meanings: list[dict[FieldKey, Meaning]], changes: list[str]
) -> list[dict[FieldKey, FieldKey | None]]:
    """Return, per version, the name each of today's fields had in it (None: it had none),
    followed back through the renames each later version's change records."""
    if not meanings:
        return []
    names: list[dict[FieldKey, FieldKey | None]] = [{field: field for field in meanings[-1]}]
    for at in range(len(meanings) - 1, 0, -1):
        back = {
            (kind, new): (kind, old)
            for kind, old, new in renamed_in(changes[at])
            if kind in ("sentence", "document")
        }
        earlier = {}
        for field, name in names[0].items():
            before = None if name is None else back.get(name, name)
            earlier[field] = before if before in meanings[at - 1] else None
        names.insert(0, earlier)
    return names


def counted_older_targets(
    times: TargetTimes, counts: Iterable[tuple[str, FieldKey, int, int]]
) -> dict[FieldKey, list[dict[str, Any]]]:
    """Return, for each field whose target or description changed, the values given toward
    each earlier wording: ``[{"target", "words", "changed", "versions", "values": {layer:
    count}}]``, with ``description`` when it changed (:meth:`OlderTarget.data`; empty: none).

    :param counts: ``(layer, field, version index, values)``, the index as :attr:`TargetTimes.
        times` places the values' writes.
    """
    found: dict[FieldKey, dict[str, dict[str, Any]]] = {
        field: {} for field in sorted(times.changed_fields())
    }
    for layer, field, at, values in counts:
        older = times.older_target_at(field, at)
        if older is None or field not in found:
            continue
        said = older.data()
        del said["version"]
        entry = found[field].setdefault(said["words"], said | {"versions": set()})
        entry["versions"].add(older.version)
        layers = entry.setdefault("values", {})
        layers[layer] = layers.get(layer, 0) + values
    return {
        field: [
            entry
            | {
                "versions": sorted(entry["versions"]),
                "values": dict(sorted(entry["values"].items())),
            }
            for entry in sorted(by_target.values(), key=lambda e: min(e["versions"]))
        ]
        for field, by_target in found.items()
    }


def field_meanings(schema: Mapping[str, Any]) -> dict[FieldKey, Meaning]:
    """Return the target, description and ``target_from`` of every label field of ``schema``
    (None: none; empty is none)."""
    return {
        (kind, entry["name"]): (
            entry.get("target") or None,
            entry.get("description") or None,
            entry.get("target_from") or None,
        )
        for kind in ("sentence", "document")
        for entry in schema.get(KINDS[kind]) or []
    }
