"""Which of a schema's span labels and relation types play the roles of the suggestions (pure).

The attribution rules and the linking of a model's spans think in roles
(:mod:`annotator.core.assist.roles`): SOURCE, CUE and CLAIM are played by span labels,
ATTRIBUTED_TO and CUED_BY by relation types. A schema says who plays them in ``roles``::

    "roles": {"CLAIM": "ASSERTION", "SOURCE": "SPEAKER", "CUE": "CUE"}

Without ``roles``, each role is played by the entry named like it, if any (the default
scheme names its labels after the roles). With ``roles``, they are the whole truth: a role
they do not list is played by nobody and not suggested, even where a label is named like it.
So a lead reads every role in one place, and no label plays one by the accident of its name
(a later label called CUE in a scheme where the cue is something else).

:func:`played_roles` is the one answer to "which name plays which role";
:func:`check_roles` the schema's rules for ``roles``; :func:`carry_roles` what a schema
change does to them (renames followed, what is removed losing its role); :func:`with_role`
one entry given a role, as the labels page chooses it.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from annotator.core.errors import SchemaError, did_you_mean
from annotator.core.schema_place import NOUNS, TOP
from annotator.core.schema_renames import Renames, names

# Here, not in the suggestions' package (which re-exports them), so that checking a schema
# loads none of it: the app, the command line and the demo start without it.
SPAN_ROLES: tuple[str, ...] = ("SOURCE", "CUE", "CLAIM")
RELATION_ROLES: tuple[str, ...] = ("ATTRIBUTED_TO", "CUED_BY")
ALL_ROLES: tuple[str, ...] = SPAN_ROLES + RELATION_ROLES
#: The schema list whose entries play each role.
ROLE_KINDS: dict[str, str] = {role: "span_labels" for role in SPAN_ROLES} | {
    role: "relation_types" for role in RELATION_ROLES
}
#: The lists whose entries play roles.
_PLAYERS = ("span_labels", "relation_types")
#: The kinds of :func:`annotator.core.schema_renames.names` for each list.
_RENAMED_KIND = {"span_labels": "span", "relation_types": "relation"}


def _entries(schema: Mapping[str, Any], kind: str) -> list[str]:
    return [str(e.get("name")) for e in schema.get(kind) or [] if isinstance(e, dict)]


def check_roles(raw: Any, schema: Mapping[str, Any]) -> dict[str, str]:
    """Return ``raw`` roles checked against the (normalised) ``schema``, in role order.

    :raises SchemaError: ``roles`` is not an object, names an unknown role, names for a role
        no entry of the list that plays it (a span role given a relation type, say), or gives
        one name two roles; ``details`` have ``setting: "roles"``, the ``role`` and, where a
        name is refused, that name as ``value``.
    """
    if not isinstance(raw, dict):
        raise TOP.refusal(
            "'roles' must be an object of role -> span label or relation type", "roles"
        )
    for role in raw:
        if role not in ROLE_KINDS:
            reason = (
                f"unknown role {role!r}{did_you_mean(str(role), ROLE_KINDS)}; the roles are "
                f"{', '.join(SPAN_ROLES)} (span labels) "
                f"and {', '.join(RELATION_ROLES)} (relation types)"
            )
            raise _refused(reason, str(role), f"{TOP}: roles: {reason}")
    given: dict[str, str] = {}
    for role in ALL_ROLES:
        if role not in raw:
            continue
        name, kind = raw[role], ROLE_KINDS[role]
        if not isinstance(name, str):
            reason = f"must be the name of a {NOUNS[kind]}, got {name!r}"
            raise _refused(reason, role, f"{TOP}: roles.{role} {reason}")
        if name not in _entries(schema, kind):
            other = next(k for k in _PLAYERS if k != kind)
            if name in _entries(schema, other):
                reason = f"names the {NOUNS[other]} {name!r}; {role} is played by a {NOUNS[kind]}"
            else:
                reason = f"names {name!r}, which is no {NOUNS[kind]} of the schema"
            raise _refused(reason, role, f"{TOP}: roles.{role} {reason}", name)
        twice = next((r for r, n in given.items() if n == name), None)
        if twice is not None:
            reason = f"{name!r} is given two roles, {twice} and {role}; a label plays one"
            raise _refused(reason, role, f"{TOP}: roles: {reason}", name)
        given[role] = name
    return given


def _refused(reason: str, role: str, message: str, *name: str) -> SchemaError:
    """The refusal of the role ``role`` (of the ``name`` given it): the message says it as
    ``roles.ROLE`` or ``roles:``, the reason as a page does, after naming the role."""
    if name:
        return TOP.refusal(reason, "roles", role=role, value=name[0], message=message)
    return TOP.refusal(reason, "roles", role=role, message=message)


def played_roles(
    schema: Mapping[str, Any], learned: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Return who plays each role in ``schema`` (role -> name), roles played by nobody left out.

    :param learned: a model's labels, by the name it learned each under -> the name it has
        now. Only for a schema without ``roles``: a span role the model learned under the
        role's name plays under its name now (a project renamed before it could say so),
        unless that name plays a role of its own already.
    """
    if "roles" in schema:
        return dict(schema["roles"])
    present = {kind: set(_entries(schema, kind)) for kind in _PLAYERS}
    played = {role: role for role in ALL_ROLES if role in present[ROLE_KINDS[role]]}
    for role, name in (learned or {}).items():
        if role in SPAN_ROLES and name in present["span_labels"] and name not in played.values():
            played[role] = name
    return played


def role_of(schema: Mapping[str, Any], kind: str, name: str) -> str | None:
    """Return the role the entry ``name`` of ``kind`` plays, or None."""
    return next(
        (r for r, n in played_roles(schema).items() if n == name and ROLE_KINDS[r] == kind), None
    )


def with_role(schema: Mapping[str, Any], kind: str, name: str, role: str | None) -> dict[str, Any]:
    """Return a copy of ``schema`` where the entry ``name`` of ``kind`` plays ``role`` (None:
    none), taking it from whoever played it.

    A schema without ``roles`` stays without them when the choice leaves every role played by
    its own name, so that an entry added later named like a role still plays it.
    """
    new = copy.deepcopy(dict(schema))
    roles = {r: n for r, n in played_roles(schema).items() if not (n == name and r in _of(kind))}
    if role is not None:
        roles[role] = name
    roles = {r: roles[r] for r in ALL_ROLES if r in roles}
    if "roles" not in schema and roles == played_roles(schema):
        return new
    new["roles"] = roles
    return new


def _of(kind: str) -> set[str]:
    return {role for role, of in ROLE_KINDS.items() if of == kind}


def carry_roles(old: Mapping[str, Any], new: Any, renames: Renames) -> Any:
    """Return the raw new schema ``new`` with its roles carried over a change from ``old``.

    -   Roles written in ``new`` that name an entry renamed (``renames.labels``) follow it to
        its new name (a script may send back the roles as it read them); merged into an entry
        with a role of its own, the merged one's role goes.
    -   A schema that had no roles, and is sent without, gets them written out when a rename
        would take a role from the entry renamed (CLAIM renamed ASSERTION stays the claim).
    -   A role whose entry the change removes goes with it: the role is then played by
        nobody, as a role nobody plays ever is; refusing the removal would make a lead remove
        the role first, for a setting that holds no annotation.

    Anything else is left for :func:`check_roles` to judge.
    """
    if not isinstance(new, dict):
        return new
    if "roles" in new:
        roles = new["roles"]
        if not isinstance(roles, dict):
            return new
    elif "roles" not in old and any(n in renames.labels for n in played_roles(old).values()):
        roles = played_roles(old)
    else:
        return new
    before, after = names(dict(old)), names(new)
    kept: dict[str, Any] = {}
    moved: dict[str, str] = {}
    for role, name in roles.items():
        kind = _RENAMED_KIND.get(ROLE_KINDS.get(role, ""))
        if kind is None or not isinstance(name, str) or name not in before[kind]:
            kept[role] = name  # not the change's to judge
        elif name in renames.labels:
            moved[role] = renames.labels[name]
        elif name in after[kind]:
            kept[role] = name
        # else: removed by this change, and its role with it
    for role, name in moved.items():
        if name not in kept.values():
            kept[role] = name
    carried = dict(new)
    carried["roles"] = {r: kept[r] for r in ALL_ROLES if r in kept} | {
        r: n for r, n in kept.items() if r not in ALL_ROLES
    }
    return carried
