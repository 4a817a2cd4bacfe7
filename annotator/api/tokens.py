"""API tokens and the caller's password (CONTRACT section 10).

A caller lists, creates and revokes their own tokens; an admin may revoke anyone's (and list
anyone's with ``?user=NAME``). The rules are in :mod:`annotator.services.accounts.tokens`
(tokens) and :mod:`annotator.services.accounts.users` (passwords).
"""

from __future__ import annotations

from typing import Any

from flask import Response, g, request

from annotator.api import bp, caller, fields, json_object
from annotator.api.idempotency import keyless
from annotator.api.paging import asked_paging, paged
from annotator.db import get_session
from annotator.services.accounts.people import revoke_token
from annotator.services.accounts.tokens import (
    issue_token,
    token_payload,
    tokens_owner,
    tokens_page,
)
from annotator.services.accounts.users import WrongPassword, change_password
from annotator.web.security import client_address, now, renew_session_after_new_password


@bp.get("/tokens")
def tokens() -> Any:
    """List the caller's tokens, newest first (an admin: anyone's, with ``?user=NAME``):
    all, or ``?page=``."""
    user = caller()
    session = get_session()
    owner = tokens_owner(session, user, request.args.get("user"))
    page = tokens_page(session, owner, asked_paging())
    return paged("tokens", [token_payload(row) for row in page.rows], page.total, page.paging)


@bp.post("/tokens")
@keyless  # the token is shown once: a replay could not show it again
def create_token() -> Any:
    """Make a token for the caller; the answer holds the token, shown this once."""
    user = caller()
    body = json_object()
    name = fields.string(body, "name")
    days = fields.optional_integer(body, "expires_in_days")
    session = get_session()
    row, token = issue_token(session, user, name, days, now=now())
    session.commit()
    return token_payload(row) | {"token": token}, 201


@bp.delete("/tokens/<int:token_id>")
def delete_token(token_id: int) -> Any:
    """Revoke a token (its owner or an admin): it gets 401 from then on."""
    user = caller()
    session = get_session()
    revoke_token(session, user, fields.row_id(token_id, "token"))
    session.commit()
    return Response(status=204)


@bp.put("/account/password")
def account_password() -> Any:
    """Change the caller's password; every other session of the caller ends."""
    user = caller()
    body = json_object()
    current = fields.string(body, "current_password")
    new = fields.string(body, "new_password")
    session = get_session()
    address = client_address()
    try:
        stored = change_password(session, user, current, new, address=address, now=now())
    except WrongPassword:
        session.commit()  # the failure it recorded counts towards the throttle
        raise
    session.commit()
    if g.auth == "session":
        # This session stays signed in, under the new epoch, its CSRF token still good;
        # the others' cookies are void.
        renew_session_after_new_password(stored.id, stored.session_epoch)
    return Response(status=204)
