"""What makes the OpenAPI description quick to read on the API page (Swagger UI): every
operation in one group (a tag) of :data:`TAGS`, and a summary in plain words.

Swagger UI shows a summary as plain text, so a backtick there shows as a backtick; a
description is Markdown. A summary that says more than its first clause, or quotes code, is
cut to that clause with the quotes dropped, and the whole of it opens the description.
"""

from __future__ import annotations

import re
from typing import Any

#: The groups of the API page, in the order it shows them, each with what it holds.
TAGS: list[dict[str, str]] = [
    {"name": "Projects", "description": "Projects with their settings and label schema."},
    {
        "name": "Documents",
        "description": "A project's documents: the list (an annotator's own queue), one "
        "document with its text and sentences, a layer's annotations, your status, notes and "
        "active time.",
    },
    {
        "name": "Spans",
        "description": "Spans of your layer (or gold, with `?layer=gold`). Offsets count "
        "Unicode code points, 0-based and end-exclusive.",
    },
    {"name": "Relations", "description": "Relations between two spans of a layer."},
    {
        "name": "Labels",
        "description": "Sentence labels (`sentence`: the index, from 0) and document labels "
        "(`sentence: null`).",
    },
    {
        "name": "Review and gold",
        "description": "Differences between the annotators' layers, deciding them into the "
        "gold layer, sentence splits and merges, and a document's gold status.",
    },
    {
        "name": "History",
        "description": "A document's changes by layer, and putting back what a change found.",
    },
    {
        "name": "Agreement",
        "description": "The agreement report: label alpha and kappa, span and relation F1.",
    },
    {
        "name": "Export",
        "description": "A project's dataset in every format, and the whole project as a file.",
    },
    {
        "name": "Import",
        "description": "Documents (and their annotations) into a project, all or nothing; a "
        "whole project from its file.",
    },
    {
        "name": "Suggestions",
        "description": "The suggestion model: training, predicting, and accepting or "
        "rejecting what it suggests.",
    },
    {
        "name": "Members and assignments",
        "description": "A project's members with their project roles, and who annotates "
        "which document.",
    },
    {
        "name": "Accounts and tokens",
        "description": "Your API tokens and password.",
    },
    {
        "name": "Users",
        "description": "The users, their roles, sessions and tokens (admins).",
    },
    {"name": "Audit log", "description": "Who changed what, newest first (admins, managers)."},
    {
        "name": "Service",
        "description": "Health, the CSRF token of session clients, and this description.",
    },
]

#: Which group an operation (``METHOD /path``, the path as the description has it) is in:
#: the first pattern found in it wins, so the narrower ones come first.
_TAG_OF: list[tuple[str, str]] = [
    (r"^GET /(health|csrf-token|openapi\.json)$", "Service"),
    (r"^POST /projects/\{slug\}/documents$|^POST /project-files$", "Import"),
    (r"^GET /projects/\{slug\}/(export|dump)$", "Export"),
    (r"/history", "History"),
    (r"^\S+ /projects/\{slug\}/review", "Review and gold"),
    (r"^\S+ /projects/\{slug\}/(members|assignments)", "Members and assignments"),
    (r"^GET /projects/\{slug\}/agreement$", "Agreement"),
    (r"/assist/|/suggestions", "Suggestions"),
    (r"/spans", "Spans"),
    (r"/relations", "Relations"),
    (r"/labels$", "Labels"),
    (r"/documents", "Documents"),
    (r"^\S+ /projects", "Projects"),
    (r"^\S+ /users", "Users"),
    (r"^\S+ /(tokens|account/)", "Accounts and tokens"),
    (r"^GET /audit$", "Audit log"),
]


def tag_of(method: str, path: str) -> str:
    """Return the group of the operation ``method`` (any case) on ``path``.

    :raises LookupError: for an operation no pattern places, so that a new endpoint cannot
        land outside every group unnoticed (tests/test_api_openapi.py builds the document).
    """
    operation = f"{method.upper()} {path}"
    for pattern, tag in _TAG_OF:
        if re.search(pattern, operation):
            return tag
    raise LookupError(f"no API page group for {operation}: add one to _TAG_OF")


#: Where a summary's first clause ends: a semicolon, a colon or a full stop, then a space.
_CLAUSE_END = frozenset(";:.")


def plain_summary(summary: str) -> tuple[str, str | None]:
    """Return ``summary`` as plain words (its first clause, backticks dropped) and, when
    that left something out, the whole of it as Markdown to open the description."""
    depth, cut = 0, len(summary)
    for index, char in enumerate(summary):
        depth += (char == "(") - (char == ")")
        # A clause ends outside brackets and code, before a space ("e.g." has none after).
        if (
            depth == 0
            and char in _CLAUSE_END
            and summary[index + 1 : index + 2] == " "
            and summary[:index].count("`") % 2 == 0
        ):
            cut = index
            break
    plain = summary[:cut].replace("`", "")
    return plain, (None if plain == summary else summary + ".")


def make_readable(method: str, path: str, operation: dict[str, Any]) -> None:
    """Give ``operation`` its group and a plain summary (the whole one heads the description)."""
    operation["tags"] = [tag_of(method, path)]
    plain, whole = plain_summary(operation["summary"])
    operation["summary"] = plain
    if whole is not None:
        rest = operation.get("description")
        operation["description"] = whole if not rest else f"{whole}\n\n{rest}"
