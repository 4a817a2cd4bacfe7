"""``annotator users``: accounts and API tokens."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from annotator.cli.common import transaction
from annotator.models import ROLES
from annotator.services.accounts.users import create_token, create_user, get_user, list_users


@click.group("users")
def users_group() -> None:
    """Add users and give them API tokens."""


@users_group.command("create")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), required=True, help="What the user may do.")
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from the first line of stdin."
)
@with_appcontext
def create_command(name: str, role: str, password_stdin: bool) -> None:
    """Add the user NAME.

    Without --password-stdin the password is asked for on a terminal; with no terminal the
    user is created without a password and can use only API tokens.
    """
    password: str | None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise click.ClickException("no password on stdin")
    elif sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = None
    with transaction() as session:
        user = create_user(session, name, role, password)
    note = "" if password else " (no password: API tokens only)"
    click.echo(f"Created {user.role} {user.username}{note}.")


@users_group.command("token")
@click.argument("name")
@with_appcontext
def token_command(name: str) -> None:
    """Print a new API token for NAME, alone on one line. It is shown only this once."""
    with transaction() as session:
        token = create_token(session, get_user(session, name))
    click.echo(token)


@users_group.command("list")
@with_appcontext
def list_command() -> None:
    """List the users and their roles."""
    with transaction() as session:
        users = list_users(session)
    for user in users:
        click.echo(f"{user.username}\t{user.role}")
