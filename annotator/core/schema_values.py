"""Read one setting of a schema entry: its type checked, its refusal placed.

The small readers every part of a schema shares (a string, a flag, a whole number, a list,
a name), each refusing with the place of the entry (:mod:`annotator.core.schema_place`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from annotator.core.errors import closest, did_you_mean, echoed
from annotator.core.limits import LABEL_NAME_MAX
from annotator.core.look_alike import look_alike_key
from annotator.core.report_keys import reserved_name_reason
from annotator.core.schema_place import TOP, Place
from annotator.core.text import unstorable_reason

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_:\-]*$")


def given_name(entry: Any) -> str | None:
    """Return an entry's name as given, when it gives one (None: checked elsewhere)."""
    name = entry.get("name") if isinstance(entry, dict) else None
    return name if isinstance(name, str) else None


def entry_name(entry: Any, where: Place, allowed: set[str]) -> str:
    """Return the name of the entry at ``where``, refusing one not an object, with a
    setting not ``allowed``, or whose name is malformed, too long or reserved."""
    if not isinstance(entry, dict):
        raise where.refusal("must be an object")
    no_unknown(entry, allowed, where)
    name = entry.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise where.refusal(
            f"'name' must be a name of letters, digits, '_', ':' or '-', got {echoed(name)}",
            "name",
        )
    if len(name) > LABEL_NAME_MAX:
        raise where.refusal(
            f"'name' is {len(name)} characters long; a name takes at most {LABEL_NAME_MAX}",
            "name",
        )
    if where.attribute is None and where.entry is not None:
        reserved = reserved_name_reason(where.entry, name)
        if reserved is not None:
            raise where.refusal(reserved, "name")
    return name


def no_unknown(entry: dict[str, Any], allowed: set[str], where: Place) -> None:
    """Refuse a setting of ``entry`` not ``allowed``, saying the one it is close to."""
    unknown = sorted(set(entry) - allowed)
    if unknown:
        said = f"unknown field(s) {unknown}{_meant(unknown, allowed)}; allowed: {sorted(allowed)}"
        raise where.refusal(said, unknown[0])


def _meant(unknown: list[str], allowed: set[str]) -> str:
    """Say the allowed key each unknown one is close to (``colour``: ``color``), if any."""
    if len(unknown) == 1:
        return did_you_mean(str(unknown[0]), allowed)
    close = [(name, closest(str(name), allowed)) for name in unknown]
    said = [f"{name!r}: did you mean {meant!r}?" for name, meant in close if meant is not None]
    return f" ({'; '.join(said)})" if said else ""


def entry_list(entry: dict[str, Any], key: str, where: Place = TOP) -> list[Any]:
    """Return the list ``key`` of ``entry`` (empty when absent), refusing what is not one."""
    value = entry.get(key, [])
    if not isinstance(value, list):
        raise where.refusal(f"'{key}' must be a list", key)
    return value


def entry_at(kind: str) -> Callable[[int, str], Place]:
    """The place of the entry ``name`` at an index of the list ``kind``."""
    return lambda i, name: Place(kind, i, name)


def attribute_at(label: Place) -> Callable[[int, str], Place]:
    """The place of the attribute ``name`` at an index of the span label at ``label``."""
    return lambda j, name: label.attribute_at(j, {"name": name})


def unique(
    names: list[str | None] | list[str],
    said: str,
    place_at: Callable[[int, str], Place],
    setting: str = "name",
) -> None:
    """Refuse a name ``names`` holds twice, at its second place; ``setting`` ``values``: a
    value of a list held twice, said as that value.

    Twice means alike to a reader too, as for user names (:mod:`annotator.core.look_alike`):
    'claim' beside 'CLAIM' would be a second label in the palette, the exports and the
    agreement report that annotators could not tell from the first.
    """
    seen: dict[str, str] = {}
    for i, name in enumerate(names):
        if name is None:  # an entry without a name: refused for that alone
            continue
        key = look_alike_key(name) if isinstance(name, str) else name
        if key not in seen:
            seen[key] = name
            continue
        first = seen[key]
        if first == name:
            reason = f"{echoed(name)} appears twice"
        else:
            reason = f"{echoed(name)} reads as {first!r}: they differ only in case or width"
        message = f"{said}: {reason}"
        if setting == "values":
            raise place_at(i, name).refusal(reason, setting, value=name, message=message)
        raise place_at(i, name).refusal(reason, setting, message=message)


def optional_str(entry: dict[str, Any], key: str, where: Place, default: Any) -> Any:
    """Return the text ``key`` of ``entry`` (``default`` when absent), refusing what is
    not a storable string."""
    value = entry.get(key, default)
    if value is not default and not isinstance(value, str):
        if value is None and key == "color":
            # `color: #d62728` in YAML: the # starts a comment and leaves the key empty.
            raise where.refusal(
                "'color' must be a string, got nothing: in YAML, # starts a comment; quote "
                'the colour, as color: "#d62728"',
                key,
            )
        raise where.refusal(f"'{key}' must be a string", key)
    if isinstance(value, str):
        storable(value, f"'{key}'", where, key)
    return value


def storable(text: str, what: str, where: Place, setting: str, *value: str) -> None:
    """Refuse ``text`` (``setting`` of ``where``, or its one ``value``) that cannot be stored."""
    # The schema is stored as JSON text: PostgreSQL refuses a NUL in it (500), and a lone
    # surrogate from a JSON "\ud800" escape cannot be encoded at all.
    reason = unstorable_reason(text)
    if reason is not None:
        if value:
            raise where.refusal(f"{what} {reason}", setting, value=value[0])
        raise where.refusal(f"{what} {reason}", setting)


def optional_bool(entry: dict[str, Any], key: str, where: Place, default: bool) -> bool:
    """Return the flag ``key`` of ``entry`` (``default`` when absent)."""
    value = entry.get(key, default)
    if not isinstance(value, bool):
        raise where.refusal(f"'{key}' must be true or false", key)
    return value


def optional_int(entry: dict[str, Any], key: str, where: Place) -> int | None:
    """Return the whole number ``key`` of ``entry``, at least 1 (None when absent)."""
    value = entry.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise where.refusal(f"'{key}' must be a whole number of at least 1", key)
    return value
