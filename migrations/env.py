"""Alembic environment: the URL and metadata come from the app, never from an ini file."""

from __future__ import annotations

from alembic import context

import annotator.models  # noqa: F401  (registers every table on the metadata)
from annotator.db import Base

config = context.config
target_metadata = Base.metadata


def _process_revision_directives(ctx, revision, directives):  # type: ignore[no-untyped-def]
    # An autogenerate run that finds no change writes no empty revision file.
    if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
        directives[:] = []


def _configure(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        process_revision_directives=_process_revision_directives,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_offline() -> None:
    context.configure(
        url=config.attributes["database_url"],
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        return
    with config.attributes["engine"].connect() as connection:
        _configure(connection)
        connection.commit()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
