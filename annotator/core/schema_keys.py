"""Give each workspace key a schema assigns to one owner: a label, or one value of a field.

A key must be one character, not one the workspace keeps for itself
(:mod:`annotator.core.workspace_keys`), and not already another entry's.
"""

from __future__ import annotations

from typing import Any

from annotator.core.errors import echoed
from annotator.core.schema_place import Place, key_taken
from annotator.core.wording import counted
from annotator.core.workspace_keys import reserved_reason

#: Every key of the workspace the schema assigns -> its owner: an entry, and the value whose
#: key it is (None: the entry's own key).
Keys = dict[str, tuple[Place, str | None]]


def claim_key(key: str, where: Place, keys: Keys, value: str | None = None) -> None:
    """Give ``key`` to the entry at ``where`` (to its ``value``), or refuse a key not free."""
    said = _key_owner(where, value)
    about = _key_setting(value) | {"key": key}
    if len(key) != 1 or key.isspace():
        reason = f"key must be a single character, got {echoed(key)}"
        raise where.refusal(reason, **about, message=f"{said}: {reason}")
    kept = reserved_reason(key)
    if kept is not None:
        raise where.refusal(kept, **about, message=f"{said}: {kept}")
    if key in keys:
        owner, owners_value = keys[key]
        taken_by = owner.as_data() | _key_setting(owners_value)
        reason = key_taken(key, _key_owner(owner, owners_value))
        raise where.refusal(reason, **about, taken_by=taken_by, message=f"{said}: {reason}")
    keys[key] = (where, value)


def _key_owner(where: Place, value: str | None) -> str:
    """The owner of a key as messages say it: an entry, or one value of its ``keys``."""
    return str(where) if value is None else f"{where} value {echoed(value)}"


def _key_setting(value: str | None) -> dict[str, Any]:
    """Where a key is set: the entry's ``key``, or one ``value``'s among its ``keys``."""
    return {"setting": "key"} if value is None else {"setting": "keys", "value": value}


def value_keys(
    entry: dict[str, Any], field: dict[str, Any], where: Place, keys: Keys
) -> list[str | None]:
    """The key of each value of a sentence label field (``None``: no key), in value order."""
    given = entry.get("keys")
    if given is None:
        return [None] * len(field["values"])
    if not isinstance(given, list) or len(given) != len(field["values"]):
        raise where.refusal(
            f"'keys' must be a list of {counted(len(field['values']), 'key')} or nulls, "
            "one per value",
            "keys",
        )
    for value, key in zip(field["values"], given, strict=True):
        if key is None:
            continue
        if not isinstance(key, str):
            raise where.refusal(
                f"the key of {echoed(value)} must be a string, got {echoed(key)}",
                "keys",
                value=value,
            )
        claim_key(key, where, keys, value)
    return list(given)
