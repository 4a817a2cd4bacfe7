"""Alembic environment: the URL and metadata come from the app, never from an ini file."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

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
        # The whole upgrade in one transaction on SQLite too, as on PostgreSQL: Alembic
        # otherwise commits each migration on its own there (its pysqlite used to end a
        # transaction before DDL; ours begins its own and keeps DDL in it), so a failure
        # left the database half-way, and the references were checked after the commits.
        transactional_ddl=True,
        process_revision_directives=_process_revision_directives,
    )
    with context.begin_transaction():
        migration = context.get_context()
        before = migration.get_current_heads()
        context.run_migrations()
        # Only when a migration ran: the check reads every row that refers to another.
        if connection.dialect.name == "sqlite" and migration.get_current_heads() != before:
            _refuse_broken_references(connection)


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
        if connection.dialect.name != "sqlite":
            _configure(connection)
            connection.commit()
            return
        with _sqlite_foreign_keys_off(connection):
            _configure(connection)
            connection.commit()


@contextmanager
def _sqlite_foreign_keys_off(connection) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """SQLite's foreign keys off while migrating, back on after, whatever happens.

    Batch mode rebuilds a table by copying it and dropping the old copy, and with foreign keys
    on, dropping a table first deletes its rows, and with them (ON DELETE CASCADE) every row
    that refers to one: rebuilding the user table would empty the memberships and tokens.
    Set on the driver before the migration's transaction begins: inside one SQLite ignores it.
    """
    driver = connection.connection.driver_connection
    driver.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        if connection.in_transaction():  # a migration failed: inside it the PRAGMA is ignored
            connection.rollback()
        driver.execute("PRAGMA foreign_keys=ON")


def _refuse_broken_references(connection) -> None:  # type: ignore[no-untyped-def]
    """Raise, before the commit (so that nothing is kept), if a row refers to none.

    With foreign keys off nothing checked the migrations' writes as they went.
    """
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        table, rowid, parent, _ = broken[0]
        raise RuntimeError(
            f"the migration left {len(broken)} row(s) referring to none: {table} row {rowid} "
            f"refers to a missing {parent} row; nothing was changed"
        )


if context.is_offline_mode():
    run_offline()
else:
    run_online()
