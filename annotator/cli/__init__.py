"""The ``annotator`` command line: a Flask CLI group whose commands call the services."""

from __future__ import annotations

import gc
import importlib
from collections.abc import Mapping

import click
from flask import Flask
from flask.cli import AppGroup, FlaskGroup

from annotator.core.errors import SettingsError
from annotator.core.version import __version__
from annotator.startup import refuse_to_start

# Every command by name, as "module:attribute". A command's module (and the services it calls)
# is imported when the command runs, or when --help lists it: importing all of them was about
# a quarter of a small command's start-up CPU (docs/benchmarks.md, "Small and quick").
COMMANDS: Mapping[str, str] = {
    "db": "annotator.cli.database:db_group",
    "backup": "annotator.cli.backup:backup_command",
    "users": "annotator.cli.users:users_group",
    "projects": "annotator.cli.projects:projects_group",
    "assign": "annotator.cli.assignment:assign_command",
    "unassign": "annotator.cli.assignment:unassign_command",
    "reassign": "annotator.cli.assignment:reassign_command",
    "documents": "annotator.cli.documents:documents_group",
    "notes": "annotator.cli.documents:notes_command",
    "adjudicate": "annotator.cli.adjudicate:adjudicate_group",
    "run": "annotator.cli.serve:run_command",
    "demo": "annotator.cli.serve:demo_command",
    "import": "annotator.cli.importing:import_command",
    "agreement": "annotator.cli.agreement:agreement_command",
    "export": "annotator.cli.exporting:export_command",
    "assist": "annotator.cli.assist:assist_group",
}


class LazyAppGroup(AppGroup):
    """An app's command group that imports each of :data:`COMMANDS` when it is looked up."""

    def __init__(self, name: str | None, lazy: Mapping[str, str]) -> None:
        super().__init__(name)
        self.lazy = dict(lazy)

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Name every command, imported or not."""
        return sorted({*self.commands, *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Return the command ``cmd_name``, importing its module on first use."""
        target = self.lazy.get(cmd_name)
        if target is not None and cmd_name not in self.commands:
            self.add_command(_imported(target), cmd_name)
        return super().get_command(ctx, cmd_name)


def _imported(target: str) -> click.Command:
    """Return the command a :data:`COMMANDS` entry names, importing its module."""
    module_name, _, attribute = target.partition(":")
    command: click.Command = getattr(importlib.import_module(module_name), attribute)
    return command


def init_app(app: Flask) -> None:
    """Give the app's CLI every command (so ``flask --app annotator`` has them too).

    The app's group becomes a :class:`LazyAppGroup` holding what was registered before.
    """
    group = LazyAppGroup(app.cli.name, COMMANDS)
    group.commands.update(app.cli.commands)
    app.cli = group


def _create_app() -> Flask:
    from annotator import create_app

    # Without the pages and the API: ``run`` and ``demo`` add them before serving. A database
    # setting that cannot be used still gives an app, so that help is shown; each command
    # refuses it when it runs (annotator.cli.common.with_app).
    return create_app(web=False)


class AnnotatorGroup(FlaskGroup):
    """The ``annotator`` program's group: Flask's, without looking for ``flask`` plugins."""

    def _load_plugin_commands(self) -> None:
        # Flask's group reads the entry points of every installed distribution for
        # "flask.commands" plugins before each lookup: a twentieth of a small command's CPU,
        # for commands that belong to `flask`, not to this program.
        return

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Name every command without making the app, whose settings help does not need."""
        return sorted({*self.commands, *COMMANDS})

    def invoke(self, ctx: click.Context) -> object:
        """Run the command; settings that cannot be used stop it in one line, exit status 2.

        The app, made when the command is looked up, reads the settings; the engine's and the
        secret key's are refused when the command first needs them.
        """
        try:
            return super().invoke(ctx)
        except SettingsError as exc:
            refuse_to_start(exc)


@click.group(
    cls=AnnotatorGroup,
    create_app=_create_app,
    add_default_commands=False,
    add_version_option=False,  # Flask's would print Flask's and Werkzeug's versions
)
@click.version_option(__version__, prog_name="annotator", message="%(prog)s %(version)s")
def main() -> None:
    """Claim, source and stance annotation: manage the database, users, projects and data."""
    # The app and the command are loaded by now: collect garbage again from here on
    # (annotator.console turns the collector off for the start-up).
    gc.enable()
