"""Give each workspace key a schema assigns to one owner: a label, or one value of a field.

A key must be one character, not one the workspace keeps for itself
(:mod:`annotator.core.workspace_keys`), and not already another entry's.
"""

from __future__ import annotations

from typing import Any

from annotator.core.errors import echoed
from annotator.core.schema_place import Place, key_taken
from annotator.core.wording import counted, listed
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
    """The key of each value of a sentence label field (``None``: no key), in value order.

    ``keys`` left out, or a list of nulls alone (of any length), gives no value a key: a
    stored field holds one null per value, and a lead who edits its values in the settings'
    box never wrote them, so adding or removing a value must not be refused for them.
    """
    given = entry.get("keys")
    values = field["values"]
    if given is None or (isinstance(given, list) and all(key is None for key in given)):
        return [None] * len(values)
    if not isinstance(given, list) or len(given) != len(values):
        raise where.refusal(keys_misfit(given, values), "keys")
    for value, key in zip(values, given, strict=True):
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


def keys_misfit(given: Any, values: list[str]) -> str:
    """Why ``given`` is no field's ``keys`` for ``values``, and what to write instead.

    The usual cause is a value added or removed with its keys left as they were, so the
    message names the values in order and says the two ways out.
    """
    ways = (
        f"give one key or null per value, in the order of 'values' ({listed(values)}), "
        "or leave 'keys' out for no keys"
    )
    if not isinstance(given, list):
        return f"'keys' must be a list, got {echoed(given)}: {ways}"
    return (
        f"'keys' has {counted(len(given), 'entry', 'entries')} for "
        f"{counted(len(values), 'value')}: {ways}"
    )


def without_unset_keys(schema: dict[str, Any]) -> dict[str, Any]:
    """Return ``schema`` as a person edits it: a sentence field whose values have no key
    loses its ``keys`` (a stored field holds one null per value, which nobody wrote)."""
    fields = []
    for field in schema.get("sentence_labels") or []:
        keys = field.get("keys")
        unset = isinstance(keys, list) and all(key is None for key in keys)
        fields.append({k: v for k, v in field.items() if k != "keys"} if unset else field)
    return schema | {"sentence_labels": fields} if "sentence_labels" in schema else schema
