"""The OpenAPI description of accounts: tokens, the caller's password and users (admins)."""

from __future__ import annotations

from typing import Any

from annotator.api.openapi_parts import (
    change_body,
    operation_of,
    paged_list,
    paging_params,
    path_param,
    people_filter_params,
    query_param,
)
from annotator.api.openapi_shapes import STR, integer, obj, ref
from annotator.services.accounts.tokens import MAX_TOKEN_DAYS, TOKEN_NAME_LENGTH

WHEN = {"type": ["string", "null"], "format": "date-time"}
TOKEN = obj(
    ["id", "name", "created_at", "expires_at", "last_used_at"],
    id=integer(),
    name=STR,
    created_at={"type": "string", "format": "date-time"},
    expires_at=WHEN | {"description": "Null: the token never expires."},
    last_used_at=WHEN
    | {"description": "Recorded to the minute: a use within a minute of the last may not move it."},
)
NEW_TOKEN = {
    "allOf": [
        TOKEN,
        obj(["token"], token={"type": "string", "description": "The token, shown only this once."}),
    ]
}
ROLE = {"type": "string", "enum": ["admin", "reviewer", "annotator"]}
USER = obj(
    ["username", "role", "active", "last_login", "has_password"],
    username=STR,
    role=ROLE,
    active={"type": "boolean"},
    last_login=WHEN,
    has_password={
        "type": "boolean",
        "description": "False: the user cannot log in to the pages until a password is set"
        " (PATCH with 'password'); API tokens still work.",
    },
)
PASSWORD = {
    "type": "string",
    "minLength": 10,
    "description": "At least 10 characters, not the user name, not a common password.",
}
USERNAME = path_param("username", STR)
TOKEN_ID = path_param("token_id")
OWNER = query_param("user", "Admins: list this user's tokens instead of their own.")


def account_paths() -> dict[str, Any]:
    """Return the path items of tokens, the caller's password and users."""
    token_body = obj(
        ["name"],
        name={
            "type": "string",
            "minLength": 1,
            "maxLength": TOKEN_NAME_LENGTH,
            "description": "What the token is for; a blank one is refused (422).",
        },
        expires_in_days={"type": ["integer", "null"], "minimum": 1, "maximum": MAX_TOKEN_DAYS},
    )
    users = paged_list("users", ref("User"))
    return {
        "/tokens": {
            "get": operation_of(
                "List your API tokens (admins: anyone's with `?user=`)",
                200,
                paged_list("tokens", ref("Token")),
                (400, 401, 403, 404),
                params=[OWNER, *paging_params("tokens")],
            ),
            "post": operation_of(
                "Create an API token for yourself; the answer shows it once",
                201,
                NEW_TOKEN,
                (400, 401, 403, 422),
                body=token_body,
            ),
        },
        "/tokens/{token_id}": {
            "delete": operation_of(
                "Revoke a token (its owner, or an admin); it gets 401 from then on",
                204,
                None,
                (401, 403, 404),
                params=[TOKEN_ID],
            )
        },
        "/account/password": {
            "put": operation_of(
                "Change your password; every other session of yours ends",
                204,
                None,
                (400, 401, 403, 422, 429),
                body=obj(
                    ["current_password", "new_password"],
                    current_password=STR,
                    new_password=PASSWORD,
                ),
            )
        },
        "/users": {
            "get": operation_of(
                "List the users by name (admins)",
                200,
                users,
                (400, 401, 403),
                params=[*paging_params("users"), *people_filter_params(ROLE, "global")],
            ),
            "post": operation_of(
                "Create a user (admins)",
                201,
                ref("User"),
                (400, 401, 403, 409, 422),
                body=obj(
                    ["username", "role", "password"], username=STR, role=ROLE, password=PASSWORD
                ),
            ),
        },
        "/users/{username}": {
            "patch": operation_of(
                "Change a user's role, state or password (admins); `active: false` and a new "
                "`password` end the user's sessions and revoke their API tokens (enabling "
                "again brings none back)",
                200,
                ref("User"),
                (400, 401, 403, 404, 409, 422),
                body=change_body(
                    {"role": ROLE, "active": {"type": "boolean"}, "password": PASSWORD}
                ),
                params=[USERNAME],
            )
        },
        "/users/{username}/sessions": {
            "delete": operation_of(
                "End every login session of a user (admins): they log in again; their password "
                "and API tokens stay",
                204,
                None,
                (401, 403, 404),
                params=[USERNAME],
            )
        },
        "/users/{username}/tokens": {
            "delete": operation_of(
                "Revoke every API token of a user (admins); each gets 401 from then on",
                200,
                obj(["revoked"], revoked=integer()),
                (401, 403, 404),
                params=[USERNAME],
            )
        },
    }


#: Component schemas of accounts.
ACCOUNT_SCHEMAS = {"Token": TOKEN, "User": USER}
