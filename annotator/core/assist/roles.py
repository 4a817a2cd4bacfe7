"""Which of a project's span labels and relation types play the attribution roles.

The pre-annotator thinks in roles (SOURCE, CUE, CLAIM; ATTRIBUTED_TO from claim to source,
CUED_BY from claim to cue); a project names its labels as it likes. A role left unmapped
is not suggested, and neither is a relation to or from it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

# The roles' names are the schema's (its ``roles``: annotator.core.schema_roles).
from ..schema_roles import ALL_ROLES


@dataclass(frozen=True)
class RoleMapping:
    """The project's name for each role it uses (role -> span label or relation type)."""

    names: Mapping[str, str]

    def name(self, role: str) -> str | None:
        """Return the project's name for ``role``, or None when the project has none."""
        return self.names.get(role)


def role_mapping(labels: Mapping[str, str]) -> RoleMapping:
    """Build a mapping from the project's side: ``{project label or relation: role}``.

    :raises ValueError: an unknown role, or two names given the same role.
    """
    names: dict[str, str] = {}
    for name, role in labels.items():
        if role not in ALL_ROLES:
            raise ValueError(f"{name!r}: unknown role {role!r}; expected one of {ALL_ROLES}")
        if role in names:
            raise ValueError(f"role {role} is given to both {names[role]!r} and {name!r}")
        names[role] = name
    return RoleMapping(MappingProxyType(names))


#: The default scheme (seeds/schema.json) names its labels after the roles.
DEFAULT_ROLES = role_mapping({role: role for role in ALL_ROLES})
