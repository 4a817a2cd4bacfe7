"""The OpenAPI description of a project's members and assignments, and of the audit log."""

from __future__ import annotations

from typing import Any

from annotator.api.openapi_accounts import USERNAME
from annotator.api.openapi_parts import (
    SLUG,
    count_param,
    operation_of,
    paged_list,
    paging_params,
    people_filter_params,
    query_param,
)
from annotator.api.openapi_shapes import STR, integer, obj, ref
from annotator.core.vocabulary import PROJECT_ROLES
from annotator.services.accounts.assign_choice import ONLY_CHOICES
from annotator.services.accounts.assignment import DEFAULT_PER_DOCUMENT

PROJECT_ROLE = {"type": "string", "enum": list(PROJECT_ROLES)}
STR_LIST: dict[str, Any] = {"type": "array", "items": STR}
MEMBER = obj(["username", "role"], username=STR, role=PROJECT_ROLE)
ANY_JSON: dict[str, Any] = {"description": "What changed, as JSON; null when nothing was there."}
AUDIT_ENTRY = obj(
    ["id", "at", "actor", "action", "project", "target", "before", "after"],
    id=integer(),
    at={"type": "string", "format": "date-time"},
    actor={"type": "string", "description": "A user name, or `(command line)`."},
    action={"type": "string", "description": "Such as `user.create`, `member.set`."},
    project={"type": ["string", "null"]},
    target=STR,
    before=ANY_JSON,
    after=ANY_JSON,
)


def people_paths() -> dict[str, Any]:
    """Return the path items of members, assignments and the audit log."""
    who = "(admins and the project's managers)"
    return {
        "/projects/{slug}/members": {
            "get": operation_of(
                f"List a project's members with their project roles {who}",
                200,
                paged_list("members", ref("Member")),
                (400, 401, 403, 404),
                params=[
                    SLUG,
                    *paging_params("members"),
                    *people_filter_params(PROJECT_ROLE, "project"),
                ],
            )
        },
        "/projects/{slug}/members/{username}": {
            "put": operation_of(
                f"Make a user a member in a role, or change their role {who}",
                200,
                ref("Member"),
                (400, 401, 403, 404, 422),
                body=obj(["role"], role=PROJECT_ROLE),
                params=[SLUG, USERNAME],
            ),
            "delete": operation_of(
                f"Remove a member {who}; 409 while they have unfinished (new or in progress)"
                " documents of the project. Their done and skipped assignments and layers"
                " stay (agreement, review, export); their access to the project ends",
                204,
                None,
                (401, 403, 404, 409),
                params=[SLUG, USERNAME],
            ),
        },
        "/projects/{slug}/assignments": {
            "post": operation_of(
                f"Give every document exactly K distinct annotators of those named {who}: "
                "loads within one of each other, existing assignments kept; `documents` and "
                "`only` choose the documents (an unknown one: 422 naming it, nothing assigned)",
                200,
                obj(
                    [
                        "assigned",
                        "documents",
                        "loads",
                        "joined",
                        "final_gold",
                        "final_left_out",
                        "warnings",
                    ],
                    assigned={"type": "integer", "description": "New assignments made."},
                    documents=integer("The documents the run covered (all, or those chosen)."),
                    loads={
                        "type": "object",
                        "additionalProperties": {"type": "integer"},
                        "description": "Each annotator named: documents of the project now theirs.",
                    },
                    joined={
                        "type": "array",
                        "items": STR,
                        "description": "Those named who were not members and joined the "
                        "project as its annotators, by name.",
                    },
                    final_gold={
                        "type": "array",
                        "items": STR,
                        "description": "Ids of documents given annotators although their gold "
                        "is final: training leaves a document out while somebody annotates it.",
                    },
                    final_left_out={
                        "type": "array",
                        "items": STR,
                        "description": "Ids of documents a run over the project (no "
                        "`documents` named) left out because their gold is final; named in "
                        "`documents`, such a document is given all the same (`final_gold`).",
                    },
                    warnings={
                        "type": "array",
                        "items": STR,
                        "description": "Sentences to show the caller (final gold given out, "
                        "or left out).",
                    },
                ),
                (400, 401, 403, 404, 422),
                body=obj(
                    ["annotators"],
                    annotators={
                        "type": "array",
                        "items": STR,
                        "minItems": 1,
                        "description": "The project's annotators, or users whose role is "
                        "annotator (who become its annotators); anyone else: 422.",
                    },
                    per_document={
                        "type": ["integer", "null"],
                        "minimum": 1,
                        "description": "K; absent or null: the project's "
                        f"`annotators_per_document`, else {DEFAULT_PER_DOCUMENT}.",
                    },
                    documents={
                        "type": ["array", "null"],
                        "items": STR,
                        "description": "Only these documents, by id as exports name them or by "
                        "# number; absent or null: every document. An unknown one: 422.",
                    },
                    only={
                        "type": ["string", "null"],
                        "enum": [*ONLY_CHOICES, None],
                        "description": "Of those documents, only the ones nobody has yet "
                        "(`unassigned`), or those with fewer than K annotators, whoever they "
                        "are (`understaffed`: each topped up to K).",
                    },
                ),
                params=[SLUG],
            )
        },
        "/projects/{slug}/assignments/remove": {
            "post": operation_of(
                f"Take documents back from an annotator {who}, the rules of `annotator "
                "unassign`: by default their open ones; one holding their work stays theirs "
                "unless `force` (which deletes that work). Documents named are taken back all "
                "or none: one that is not theirs (unless `only_assigned`, which skips it) or "
                "that holds their work (unless `force`) refuses the request, nothing removed "
                "(422 by `documents`, each named with why; `not_assigned` and `kept` in its "
                "details, and `assigned`, how many named are theirs)",
                200,
                obj(
                    ["removed", "kept", "dropped", "skipped"],
                    removed=STR_LIST,
                    kept={
                        **STR_LIST,
                        "description": "Left assigned: they hold work (when none are named; "
                        "documents named are taken back all or none).",
                    },
                    dropped={**STR_LIST, "description": "Removed with their work (force)."},
                    skipped={
                        **STR_LIST,
                        "description": "Named but not the annotator's (only_assigned).",
                    },
                ),
                (400, 401, 403, 404, 422),
                body=obj(
                    ["annotator"],
                    annotator=STR,
                    documents={
                        "type": ["array", "null"],
                        "items": STR,
                        "description": "Only these documents, by id or # number, any status.",
                    },
                    force={"type": "boolean"},
                    only_assigned={"type": "boolean"},
                ),
                params=[SLUG],
            )
        },
        "/projects/{slug}/assignments/reassign": {
            "post": operation_of(
                f"Move documents from one annotator to another {who}, the rules of "
                "`annotator reassign` and the Assignments page: by default the first's open "
                "ones (named ones whatever their status); the new annotator starts each as "
                "`new` and becomes a member. One holding the first's work stays theirs unless "
                "`force` (which deletes that work); one the second has already is refused. A "
                "document named that is not the first's: 422 with `not_assigned` in its details. "
                "Documents named move all or none: one refused or kept refuses the move (422 by "
                "`documents`, with `refused` and `kept` in its details)",
                200,
                obj(
                    ["moved", "refused", "kept", "dropped", "joined", "final_gold", "warnings"],
                    moved=STR_LIST,
                    refused={**STR_LIST, "description": "Left: the new annotator has them."},
                    kept={**STR_LIST, "description": "Left: they hold the first's work."},
                    dropped={**STR_LIST, "description": "Moved, the first's work deleted (force)."},
                    joined={
                        **STR_LIST,
                        "description": "The new annotator, when the move made them a member.",
                    },
                    final_gold={
                        **STR_LIST,
                        "description": "Ids of documents moved although their gold is final: "
                        "training leaves a document out while somebody annotates it.",
                    },
                    warnings={
                        **STR_LIST,
                        "description": "Sentences to show the caller (final gold moved).",
                    },
                ),
                (400, 401, 403, 404, 422),
                body=obj(
                    ["from_user", "to_user"],
                    from_user={**STR, "description": "Whose documents move."},
                    to_user={
                        **STR,
                        "description": "Who takes them: an annotator of the project, or a user "
                        "whose role is annotator (who becomes one); anyone else: 422.",
                    },
                    documents={
                        "type": ["array", "null"],
                        "items": STR,
                        "description": "Only these documents, by id or # number, any status.",
                    },
                    force={"type": "boolean"},
                ),
                params=[SLUG],
            )
        },
        "/audit": {
            "get": operation_of(
                "Read the audit log, newest first (admins; a project's managers with "
                "`?project=` their project)",
                200,
                obj(
                    ["entries", "total", "page", "per_page"],
                    entries={"type": "array", "items": ref("AuditEntry")},
                    total=integer(),
                    page=integer(),
                    per_page=integer(),
                ),
                (400, 401, 403, 404),
                params=[
                    query_param("project", "Only this project's entries.", STR),
                    count_param("page", "From 1 (default 1).", integer(minimum=1)),
                    paging_params("entries")[1],
                ],
            )
        },
    }


#: Component schemas of members and the audit log.
PEOPLE_SCHEMAS = {"Member": MEMBER, "AuditEntry": AUDIT_ENTRY}
