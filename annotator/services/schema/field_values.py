"""The values of one label field or span attribute changed one at a time: added, renamed, removed.

The labels page's counterpart of :mod:`~annotator.services.schema.entries` for value
lists: a sentence label field (``stance``), a document label field (``document:genre``) or a
span attribute (``CLAIM.claimer``), named as the settings page's renames name them. Each change
is a new schema saved by :func:`~annotator.services.schema.saving.save_schema`, so a
renamed value is renamed in every layer, a value still used is not removed (with the counts),
and the schema's versions and the audit log record it.
"""

from __future__ import annotations

import copy
from typing import Any

from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.errors import Conflict, Invalid, NotFound
from annotator.core.schema_diff import resolve_slot, slot_entry, slot_name, value_slots
from annotator.core.schema_renames import Renames, Slot
from annotator.models import Project
from annotator.services.schema.saving import save_schema
from annotator.services.write_holds import hold_schema


def value_list(project: Project, field: str) -> tuple[Slot, list[str]]:
    """Return the value list ``field`` names and its values, in the schema's order.

    :raises NotFound: the project has no label field or span attribute with values of that name.
    """
    slots = value_slots(project.schema)
    try:
        slot = resolve_slot(field, slots)
    except Invalid:
        slot = None
    if slot is None or not slots[slot]:
        raise NotFound(f"project {project.slug!r} has no label field or attribute {field!r}")
    return slot, slots[slot]


def add_value(session: Session, project: Project, actor: Actor, field: str, value: str) -> None:
    """Add ``value`` at the end of the list ``field`` names (with no key of its own).

    :raises NotFound: no such list.
    :raises Conflict: the list has that value already.
    """
    hold_schema(session, project)  # before the schema it changes is read
    slot, values = value_list(project, field)
    _refuse_taken(slot, values, value)
    schema = copy.deepcopy(project.schema)
    holder = slot_entry(schema, slot)
    holder["values"] = [*values, value]
    if holder.get("keys") is not None:
        holder["keys"] = [*holder["keys"], None]
    save_schema(session, project, actor, schema=schema)


def rename_value(
    session: Session, project: Project, actor: Actor, field: str, old: str, new: str
) -> None:
    """Rename the value ``old`` of ``field`` to ``new`` here and in every layer.

    :raises NotFound: no such list, or no value ``old`` in it.
    :raises Conflict: ``new`` is a value of the list already (a merge is said in full under
        the settings page's renames).
    """
    hold_schema(session, project)  # before the schema it changes is read
    slot, values = value_list(project, field)
    _require_value(slot, values, old)
    if new == old:
        return
    _refuse_taken(slot, values, new)
    renames = Renames(values={slot_name(slot): {old: new}})
    save_schema(session, project, actor, renames=renames)


def remove_value(session: Session, project: Project, actor: Actor, field: str, value: str) -> None:
    """Remove ``value`` from ``field`` (and its key, when it had one).

    :raises NotFound: no such list, or no such value in it.
    :raises Conflict: the value is still used; the message counts its uses.
    """
    hold_schema(session, project)  # before the schema it changes is read
    slot, values = value_list(project, field)
    _require_value(slot, values, value)
    schema = copy.deepcopy(project.schema)
    holder: dict[str, Any] = slot_entry(schema, slot)
    index = values.index(value)
    holder["values"] = values[:index] + values[index + 1 :]
    if holder.get("keys") is not None:
        holder["keys"] = holder["keys"][:index] + holder["keys"][index + 1 :]
    save_schema(session, project, actor, schema=schema)


def _require_value(slot: Slot, values: list[str], value: str) -> None:
    if value not in values:
        raise NotFound(f"{slot_name(slot)} has no value {value!r}")


def _refuse_taken(slot: Slot, values: list[str], value: str) -> None:
    if value in values:
        raise Conflict(
            f"{slot_name(slot)} has the value {value!r} already; to merge two values, rename one "
            "to the other under Renames on the settings page",
            details={"field": "value"},
        )
