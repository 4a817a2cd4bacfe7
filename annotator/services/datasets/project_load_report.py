"""What loading a project file made, and how the load says it to a lead (page, command line).

The ids a load numbered anew are said as what they mean to a lead: ids in files exported
from the original no longer point at this project's items. A name another project here has
already is said too, with the name the copy got instead, which its people see in their lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.core.wording import counted, listed
from annotator.models import Project

#: The names left out a load's warning lists, at most (then "and N more").
_NAMES_SHOWN = 10
#: How a kind of item is named in words.
_NOUNS = {"span": "span", "relation": "relation", "label": "label value"}


@dataclass(frozen=True)
class Renumbered:
    """A kind of item (``span``, ``relation``, ``label``) whose ids were numbered anew, and why: how
    many of the file's ids of that kind are taken in this database."""

    kind: str
    taken: int

    def said(self) -> str:
        """Return the ids taken in words: "12 span ids"."""
        return counted(self.taken, _NOUNS[self.kind] + " id")


def renumbered_said(renumbered: list[Renumbered]) -> str:
    """Return the ids numbered anew as one sentence, or "" when every id was kept: "16 span
    ids were already used on this server, so the loaded project's span ids were renumbered:
    ids in files exported from the original differ from this project's"."""
    if not renumbered:
        return ""
    one = len(renumbered) == 1 and renumbered[0].taken == 1
    nouns = listed([_NOUNS[r.kind] for r in renumbered], "and")
    return (
        f"{listed([r.said() for r in renumbered], 'and')} {'was' if one else 'were'} already "
        f"used on this server, so the loaded project's {nouns} ids were renumbered: ids in "
        "files exported from the original differ from this project's"
    )


@dataclass
class LoadReport:
    """What a load made: the project, its documents, the users it had to create (or, keeping
    no people, the file's names no user has, left out), and the kinds whose ids it could not
    keep; ``file_name``, the project's name in the file;
    ``name_taken``, the file's name when a project here had it already."""

    project: Project
    file_name: str = ""
    documents: int = 0
    created_users: list[str] = field(default_factory=list)
    left_out_users: list[str] = field(default_factory=list)
    renumbered: list[Renumbered] = field(default_factory=list)
    name_taken: str | None = None
    people: str = "all"

    def name_said(self) -> str:
        """Say that the file's name was taken here and what the project is named instead, or
        "" (names are unique: a name asked for that is taken is refused)."""
        if self.name_taken is None:
            return ""
        taken, name = self.name_taken, self.project.name
        return f"A project here is named {taken} already: this one is named {name}"

    def left_out_said(self) -> str:
        """Say the names a load that makes no users left out, or "" when it left out none."""
        names = self.left_out_users
        if not names:
            return ""
        shown = names[:_NAMES_SHOWN] + (
            [f"{len(names) - _NAMES_SHOWN} more"] if len(names) > _NAMES_SHOWN else []
        )
        one = len(names) == 1
        return (
            f"{'1 person' if one else f'{len(names)} people'} named in the file "
            f"{'has' if one else 'have'} no user here, and no user was made ({listed(shown)}): "
            "the gold, decisions and layer history they made name no one (the project's "
            "history keeps their names), and their notes and rejected suggestions were left out"
        )

    def warnings(self) -> list[str]:
        """Return what a lead should know of the load, each said as a sentence without its
        full stop: the name taken here, the names left out, the ids renumbered."""
        said = (self.name_said(), self.left_out_said(), renumbered_said(self.renumbered))
        return [one for one in said if one]
