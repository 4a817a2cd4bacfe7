"""Whether a page built with an older schema version may still write: the names it lost (pure).

A workspace reads the project's schema once, when it opens, and sends the version it read
with each write that names labels (``X-Schema-Version``, docs/api.md). A later version that
renamed or removed a name the page shows (a span label, relation type, label field,
attribute or value) makes the page's words and keys for that name out of date: a write
that sends it is refused (409 ``schema_changed``) naming what became of it, rather than
refused as an unknown label (422), or worse, taken under a name that now means something
else. A write that sends only names still standing means what it meant: it is taken, so that
a page with work in flight loses none of what is still right. Versions that only add, or
change colours and descriptions, lose nothing: the page writes on.

What became of a name is read from the versions' change in words
(:meth:`~annotator.core.schema_diff.SchemaDiff.describe`), looking for the one wording that
renames exactly that name; the names lost are found by comparing the schemas, step by step,
so that a change said otherwise still refuses (a rename said in words counts too: a name
renamed and added again in one change is in both schemas).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from annotator.core.schema_diff import renamed_in, slot_name, value_slots
from annotator.core.schema_renames import KIND_WORDS, names
from annotator.core.wording import listed

#: The error code of the refusal, for clients to tell it from other conflicts.
SCHEMA_CHANGED = "schema_changed"


def names_lost(
    old: dict[str, Any], new: dict[str, Any], renamed_labels: Mapping[str, str] | None = None
) -> list[tuple[str, str, str]]:
    """Return the names ``old`` has and ``new`` has not, as ``(kind, owner, name)``.

    ``kind`` is an entry's (``span``, ``relation``, ``sentence``, ``document``), with owner
    ""; ``attribute`` with its span label as owner; ``value`` with its list
    (:func:`~annotator.core.schema_diff.slot_name`) as owner, both in ``old``'s names. A value
    of a lost entry or attribute is not named again, but for a span label that
    ``renamed_labels`` (old name -> new, as the change says: :func:`span_renames`) renamed: its
    spans keep their attributes under the new name, so those are compared with the new
    name's, and an attribute or value that name lacks is lost too.
    """
    renamed_labels = renamed_labels or {}
    lost: list[tuple[str, str, str]] = []
    before, after = names(old), names(new)
    for kind, entries in before.items():
        lost += [(kind, "", name) for name in entries if name not in after[kind]]
    old_slots, new_slots = value_slots(old), value_slots(new)
    owners = {(kind, name) for kind, _owner, name in lost}
    for slot, values in old_slots.items():
        kind, owner, attribute = slot
        now = slot
        if kind == "attribute":
            if ("span", owner) in owners:
                if owner not in renamed_labels:
                    continue
                now = ("attribute", renamed_labels[owner], attribute)
            if now not in new_slots:
                lost.append(("attribute", owner, attribute))
                continue
        elif (kind, owner) in owners:
            continue
        kept = new_slots.get(now, [])
        lost += [("value", slot_name(slot), value) for value in values if value not in kept]
    return lost


def span_renames(said: str) -> dict[str, str]:
    """Return the span labels a version's change in words renamed, old name -> new."""
    return {old: new for kind, old, new in renamed_in(said) if kind == "span"}


def label_names_since(label: str, changes: Sequence[str]) -> list[str]:
    """Return the names the span label called ``label`` now had over ``changes`` (the
    versions' change in words, oldest first): ``label``, then each older name, newest first."""
    had = [label]
    for said in reversed(changes):
        older = [old for old, new in span_renames(said).items() if new == had[-1]]
        if older:
            had.append(older[0])
    return had


def now_called(lost: tuple[str, str, str], changes: Sequence[str]) -> str | None:
    """Return the name a lost name has now, following the renames that ``changes`` (the
    versions' change in words, oldest first) say of it; None when none says it."""
    kind, owner, name = lost
    for said in changes:
        prefix = _renamed_prefix(kind, owner, name)
        for item in said.split("; "):
            if item.startswith(prefix):
                name = item[len(prefix) :]
                if kind == "attribute":
                    name = name.removeprefix(f"{owner}.")
                break
    return None if name == lost[2] else name


def _renamed_prefix(kind: str, owner: str, name: str) -> str:
    if kind == "value":
        return f"renamed value {name} of {owner} to "
    if kind == "attribute":
        return f"renamed attribute {owner}.{name} to "
    return f"renamed {KIND_WORDS[kind]} {name} to "


def changed_said(lost: Sequence[tuple[str, str, str]], changes: Sequence[str]) -> str:
    """Say what became of each lost name: ``AGAINST is now OPPOSE``, ``MAYBE is gone``."""
    words = []
    for item in lost:
        new = now_called(item, changes)
        words.append(f"{item[2]} is now {new}" if new else f"{item[2]} is gone")
    return listed(words)


def schema_changed_message(lost: Sequence[tuple[str, str, str]], changes: Sequence[str]) -> str:
    """Return the refusal's words: ``the project's labels changed (AGAINST is now OPPOSE):
    reload to go on``."""
    return f"the project's labels changed ({changed_said(lost, changes)}): reload to go on"


#: A name a write sends or a version lost, as :func:`names_lost` gives it.
Name = tuple[str, str, str]


def _strings(value: Any) -> list[str]:
    """The values a field or attribute is given: one string, or a list of them."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def span_names_sent(body: Any) -> list[Name]:
    """Return the names a span's create or change sends: its label, attributes and their
    values. A change that sends no label names its attributes under the owner "" (any)."""
    if not isinstance(body, dict):
        return []
    label = body.get("label")
    label = label if isinstance(label, str) else ""
    sent: list[Name] = [("span", "", label)] if label else []
    attributes = body.get("attributes")
    for attribute, value in (attributes if isinstance(attributes, dict) else {}).items():
        sent.append(("attribute", label, attribute))
        slot = slot_name(("attribute", label, attribute))
        sent += [("value", slot, item) for item in _strings(value)]
    return sent


def owned_by(sent: Sequence[Name], label: str) -> list[Name]:
    """Return ``sent`` with the attributes and values sent without a span label given
    ``label``'s: a change of attributes alone (as the workspace sends it) means those of the
    span's own label, so their lost names and what became of them are that label's."""
    owned: list[Name] = []
    for kind, owner, name in sent:
        if kind == "attribute" and owner == "":
            owner = label
        elif kind == "value" and owner.startswith("."):
            owner = f"{label}{owner}"
        owned.append((kind, owner, name))
    return owned


def relation_names_sent(body: Any) -> list[Name]:
    """Return the names a link's create sends: its type."""
    kind = body.get("type") if isinstance(body, dict) else None
    return [("relation", "", kind)] if isinstance(kind, str) else []


def label_names_sent(body: Any) -> list[Name]:
    """Return the names a label write sends: its field, and the values it gives and the one
    it expects to replace (``previous``)."""
    if not isinstance(body, dict) or not isinstance(body.get("name"), str):
        return []
    kind = "document" if "sentence" in body and body["sentence"] is None else "sentence"
    field = body["name"]
    slot = slot_name((kind, field, ""))
    values = _strings(body.get("value")) + _strings(body.get("previous"))
    return [(kind, "", field), *[("value", slot, value) for value in dict.fromkeys(values)]]


def _matches(sent: Name, lost: Name) -> bool:
    if sent == lost:
        return True
    kind, owner, name = sent
    if kind != lost[0] or name != lost[2]:
        return False
    # An attribute (or its value) sent without its span label: the same attribute of any label.
    if kind == "attribute":
        return owner == ""
    return owner.startswith(".") and lost[1].endswith(owner)


def stale_owned(
    sent: Sequence[Name], label: str, lost: Sequence[Name], changes: Sequence[str]
) -> list[Name]:
    """Return :func:`stale_sent` for a change of a span labelled ``label`` now.

    An attribute or value sent without its label is the span's label's (:func:`owned_by`),
    under each name that label had since the page's version (:func:`label_names_since`),
    newest first: the page named it by the oldest, and what a version lost or renamed is
    named as that version had it. The first name under which it is stale is the one said.
    """
    had = label_names_since(label, changes)
    stale: list[Name] = []
    for name in dict.fromkeys(sent):
        for owner in had:
            found = stale_sent(owned_by([name], owner), lost, changes)
            if found:
                stale += found
                break
    return stale


def stale_sent(sent: Sequence[Name], lost: Sequence[Name], changes: Sequence[str]) -> list[Name]:
    """Return the names of ``sent`` that a version since the page's renamed or removed.

    :param lost: the names each version since lost (:func:`names_lost` of each step, so
        that a name renamed and later added again still counts).
    :param changes: those versions' change in words, oldest first; a name they say was
        renamed counts too, even when the same change added it again.
    """
    return [
        name
        for name in dict.fromkeys(sent)
        if any(_matches(name, one) for one in lost) or now_called(name, changes) is not None
    ]
