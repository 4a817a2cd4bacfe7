"""Which target a label value was given toward, told from when it was written (pure).

A label field's ``target`` says what its values are toward ("stance toward NATO"). A change of
it is confirmed over the values given (:mod:`annotator.services.accounts.schema_meaning`),
and the values stay as they are: an annotator looking at one later should see that it was
given toward another target, to look at it again.

No value records the schema version it was given under. The cheapest honest reckoning is by
time: the schema versions keep when each was saved, a value when it was last written
(``updated_at``). A value was given under the newest version saved at or before that moment;
when that version's target of the field is not the current one, the value was given toward
it. What this cannot tell, it leaves unsaid rather than guessing:

- a field that version named otherwise (renamed since) gives no mark;
- a value whose value a later schema change renamed was written again by that change, and
  reads as given under the version of the rename.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from annotator.core.schema_renames import KINDS
from annotator.core.times import as_utc

#: A label field as a value names it: its kind ("sentence" or "document") and its name.
FieldKey = tuple[str, str]


@dataclass(frozen=True)
class OlderTarget:
    """The target a value was given toward, which is not its field's target now."""

    #: The target then; None: the field had none.
    target: str | None
    #: The schema version the value was given under.
    version: int

    def words(self) -> str:
        """Say it as the workspace and the review page do."""
        if self.target is None:
            return "given when the field had no target"
        return f"given when the target was {self.target!r}"

    def data(self) -> dict[str, Any]:
        """Return it as the API gives it."""
        return {"target": self.target, "version": self.version, "words": self.words()}


class TargetTimes:
    """The targets of a project's label fields over its schema versions."""

    def __init__(self, versions: Iterable[tuple[int, datetime, dict[str, Any]]]) -> None:
        """:param versions: each schema version's number, when it was saved, and its schema."""
        ordered = sorted(
            (number, as_utc(at), field_targets(schema)) for number, at, schema in versions
        )
        self._numbers = [number for number, _at, _targets_then in ordered]
        self._times = [at for _number, at, _targets_then in ordered]
        self._targets = [targets for _number, _at, targets in ordered]

    def older_target(self, field: FieldKey, written_at: datetime) -> OlderTarget | None:
        """Return the target a value of ``field`` written at ``written_at`` was given toward,
        when it is not the field's target now; None when it is, or when it cannot be told."""
        return self.older_target_at(field, bisect.bisect_right(self._times, as_utc(written_at)) - 1)

    @property
    def times(self) -> list[datetime]:
        """When each version was saved, oldest first: a value written at or after
        ``times[i]`` and before ``times[i + 1]`` was given under the version at ``i``, the
        rule a query may state in SQL (:func:`older_target_at` then tells the target)."""
        return list(self._times)

    def older_target_at(self, field: FieldKey, at: int) -> OlderTarget | None:
        """Return the target a value of ``field`` given under the version at index ``at`` of
        :attr:`times` was given toward, as :meth:`older_target` (-1: before the first)."""
        if not self._targets or field not in self._targets[-1]:
            return None
        if at < 0 or field not in self._targets[at]:
            return None
        then = self._targets[at][field]
        if then == self._targets[-1][field]:
            return None
        return OlderTarget(then, self._numbers[at])

    @property
    def changed(self) -> bool:
        """Tell whether any older version's targets (or fields) differ from today's: when
        none do, no value can be marked, and its values need not be read."""
        return any(targets != self._targets[-1] for targets in self._targets[:-1])

    def changed_fields(self) -> set[FieldKey]:
        """Return today's fields whose target some older version had otherwise."""
        now = self._targets[-1] if self._targets else {}
        return {
            field
            for targets in self._targets[:-1]
            for field, target in targets.items()
            if field in now and target != now[field]
        }


def counted_older_targets(
    times: TargetTimes, counts: Iterable[tuple[str, FieldKey, int, int]]
) -> dict[FieldKey, list[dict[str, Any]]]:
    """Return, for each field whose target changed, the values given toward each earlier
    target: ``[{"target", "words", "versions", "values": {layer: count}}]`` (empty: none).

    :param counts: ``(layer, field, version index, values)``, the index as :attr:`TargetTimes.
        times` places the values' writes.
    """
    found: dict[FieldKey, dict[str | None, dict[str, Any]]] = {
        field: {} for field in sorted(times.changed_fields())
    }
    for layer, field, at, values in counts:
        older = times.older_target_at(field, at)
        if older is None or field not in found:
            continue
        entry = found[field].setdefault(
            older.target, {"target": older.target, "words": older.words(), "versions": set()}
        )
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


def field_targets(schema: Mapping[str, Any]) -> dict[FieldKey, str | None]:
    """Return the target of every label field of ``schema`` (None: none; empty is none)."""
    return {
        (kind, entry["name"]): entry.get("target") or None
        for kind in ("sentence", "document")
        for entry in schema.get(KINDS[kind]) or []
    }
