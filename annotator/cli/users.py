"""``annotator users``: accounts and API tokens."""

from __future__ import annotations

import sys

import click

from annotator.cli.common import reading, transaction, with_app
from annotator.core.vocabulary import ROLES
from annotator.core.wording import NO_PASSWORD, NO_VALUE

# The services are imported inside each command, so that one command loads only its own.


@click.group("users")
def users_group() -> None:
    """Add users, set their role, password and state, and manage their API tokens."""


@users_group.command("create")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), required=True, help="What the user may do.")
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from the first line of stdin."
)
@with_app
def create_command(name: str, role: str, password_stdin: bool) -> None:
    """Add the user NAME.

    Without --password-stdin the password is asked for on a terminal; with no terminal the
    user is created without a password and can use only API tokens.
    """
    from annotator.services.accounts.people import add_user

    password: str | None
    if password_stdin:
        password = _password_from_stdin()
    elif sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = None
    with transaction() as session:
        user = add_user(session, None, name, role, password)
    note = "" if password else " (no password: API tokens only)"
    click.echo(f"Created {user.role} {user.username}{note}.")


def _password_from_stdin() -> str:
    """The first line of stdin, without its line end; a ClickException when it is empty."""
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise click.ClickException("no password on stdin")
    return password


@users_group.command("token")
@click.argument("name")
@click.option("--name", "token_name", default=None, help="What the token is for (shown in lists).")
@click.option(
    "--expires-in-days",
    type=click.IntRange(min=1),
    default=None,
    help="The token stops working after this many days (default: never).",
)
@with_app
def token_command(name: str, token_name: str | None, expires_in_days: int | None) -> None:
    """Print a new API token for NAME, alone on one line. It is shown only this once."""
    from annotator.services.accounts.tokens import create_token
    from annotator.services.accounts.users import get_user
    from annotator.web.security import now

    with transaction() as session:
        token = create_token(session, get_user(session, name), token_name, expires_in_days, now())
    click.echo(token)


@users_group.command("tokens")
@click.argument("name")
@with_app
def tokens_command(name: str) -> None:
    """List NAME's API tokens: id, name, created, expires, last used (tab-separated)."""
    from annotator.services.accounts.tokens import list_tokens, token_payload
    from annotator.services.accounts.users import get_user

    with transaction(read_only=True) as session:
        rows = [token_payload(row) for row in list_tokens(session, get_user(session, name))]
    for row in rows:
        fields = [row["id"], row["name"] or NO_VALUE, row["created_at"]]
        fields += [row["expires_at"] or "never", row["last_used_at"] or "never"]
        click.echo("\t".join(str(field) for field in fields))


@users_group.command("revoke-token")
@click.argument("token_id", type=int)
@with_app
def revoke_token_command(token_id: int) -> None:
    """Revoke the API token TOKEN_ID (see `annotator users tokens NAME`)."""
    from annotator.services.accounts.people import revoke_token

    with transaction() as session:
        # No actor: whoever runs the command line owns the database, and may revoke any.
        revoke_token(session, None, token_id)
    click.echo(f"Revoked token {token_id}.")


@users_group.command("set-role")
@click.argument("name")
@click.argument("role", type=click.Choice(ROLES))
@with_app
def set_role_command(name: str, role: str) -> None:
    """Give the user NAME the global role ROLE."""
    from annotator.services.accounts.people import update_user
    from annotator.services.accounts.users import get_user

    with transaction() as session:
        update_user(session, None, get_user(session, name), role=role)
    click.echo(f"{name} is now {role}.")


@users_group.command("set-password")
@click.argument("name")
@click.option("--password", help="The new password (for scripts; otherwise you are asked).")
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from the first line of stdin."
)
@with_app
def set_password_command(name: str, password: str | None, password_stdin: bool) -> None:
    """Set the password of NAME; every session and API token of NAME ends."""
    from annotator.services.accounts.people import update_user
    from annotator.services.accounts.users import get_user

    if password_stdin:
        password = _password_from_stdin()
    if password is None:
        # A name mistyped is said before the password is asked for, not after it is typed
        # twice; the check reads only, so that no write lock waits on the person typing.
        with transaction(read_only=True) as session:
            get_user(session, name)
        try:
            password = click.prompt("New password", hide_input=True, confirmation_prompt=True)
        except click.Abort:
            # A pipe of one line met its end at the confirmation: Click's bare "Aborted!" said
            # nothing of the way a script gives a password.
            raise click.ClickException(
                "the password was not given twice (the prompt ended); a script gives it with "
                "--password-stdin (the first line of stdin) or --password"
            ) from None
    with transaction() as session:
        update_user(session, None, get_user(session, name), password=password)
    click.echo(f"Password of {name} set; their sessions and API tokens have ended.")


@users_group.command("unlock")
@click.argument("name")
@with_app
def unlock_command(name: str) -> None:
    """Open NAME to logins again after too many failed ones (a new password does it too)."""
    from annotator.services.accounts.people import unlock_logins
    from annotator.services.accounts.users import get_user

    with transaction() as session:
        forgotten = unlock_logins(session, None, get_user(session, name))
    if forgotten:
        click.echo(f"Unlocked {name}: {forgotten} failed logins forgotten.")
    else:
        click.echo(f"{name} was not locked out.")


@users_group.command("disable")
@click.argument("name")
@with_app
def disable_command(name: str) -> None:
    """Disable NAME: no login; their sessions end and their API tokens are revoked."""
    from annotator.services.accounts.people import update_user
    from annotator.services.accounts.users import get_user

    with transaction() as session:
        update_user(session, None, get_user(session, name), active=False)
    click.echo(f"Disabled {name}.")


@users_group.command("enable")
@click.argument("name")
@with_app
def enable_command(name: str) -> None:
    """Enable NAME again: they log in anew (tokens revoked on disabling stay revoked)."""
    from annotator.services.accounts.people import update_user
    from annotator.services.accounts.users import get_user

    with transaction() as session:
        update_user(session, None, get_user(session, name), active=True)
    click.echo(f"Enabled {name}.")


@users_group.command("list")
@with_app
def list_command() -> None:
    """List the users: name, role and, for a user who cannot log in, why: "disabled", or no
    password set (with the command that sets one)."""
    from annotator.services.accounts.directory import list_users

    with reading() as connection:
        users = list_users(connection)
    for user in users:
        state = ""
        if not user.active:
            state = "\tdisabled"
        elif not user.has_password:
            state = f"\t{NO_PASSWORD} (annotator users set-password {user.username})"
        click.echo(f"{user.username}\t{user.role}{state}")
