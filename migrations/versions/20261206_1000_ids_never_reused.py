"""ids never reused

Every table keyed by its own ``id`` made AUTOINCREMENT on SQLite, so that an id once given is
never given again. Without it SQLite gives a new row the highest id plus one: deleting the
newest span and making another gave the new one the deleted one's id, and a stale tab's edit
of the deleted span (its version 1 matching) changed the new one. Tokens, relations, label
values, documents, users... alike. PostgreSQL's sequences never go back: nothing to do there.

SQLite cannot make a table AUTOINCREMENT in place, so each is copied (batch mode), keeping its
rows, ids, indexes, constraints and foreign keys, inside the migration's one transaction
(migrations/env.py turns SQLite's foreign keys off for it: dropping the old copy with them on
would delete every row that refers to it). The copy notes each table's highest id in
``sqlite_sequence``. Spans, relations and label values also keep, in their history
(``layer_change.item_id``), the ids of rows deleted before this migration; the highest of
those counts too, so that the span a stale tab still shows is not given again right after
upgrading. Other tables keep no trace of a deleted newest row: its id can come back once.
On SQLite an AUTOINCREMENT key is written with its column, where SQLAlchemy gives it no name
(``pk_<table>`` no longer shows; no statement can name a SQLite key anyway), as in a database
built from the models; the downgrade names it again.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06 10:00:00
"""

from __future__ import annotations

from alembic import op


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None

#: The tables keyed by their own integer ``id`` (annotator.tables._table_with_id); with
#: foreign keys off, the order they are copied in does not matter.
TABLES = (
    'user', 'api_token', 'login_failure', 'project', 'project_member', 'schema_version',
    'audit_entry', 'document', 'sentence', 'assignment', 'layer', 'span', 'relation',
    'label_value', 'document_note', 'idempotency_key', 'assist_model', 'suggestion_rejection',
    'gold_decision', 'layer_change',
)  # fmt: skip

#: The tables whose deleted rows' ids the history keeps, by the history's kind of them.
HISTORY_KINDS = {'span': 'span', 'relation': 'relation', 'label_value': 'label'}


def upgrade() -> None:
    if not _on_sqlite():
        return
    _rebuild(autoincrement=True)
    connection = op.get_bind()
    for table, kind in HISTORY_KINDS.items():
        # The copy noted the highest id kept; a deleted one above it is in the history.
        (noted,) = connection.exec_driver_sql(
            'SELECT count(*) FROM sqlite_sequence WHERE name = ?', (table,)
        ).one()
        if not noted:
            connection.exec_driver_sql(
                'INSERT INTO sqlite_sequence (name, seq) VALUES (?, 0)', (table,)
            )
        connection.exec_driver_sql(
            'UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT max(item_id)'
            ' FROM layer_change WHERE kind = ?), 0)) WHERE name = ?',
            (kind, table),
        )


def downgrade() -> None:
    if not _on_sqlite():
        return
    _rebuild(autoincrement=False)
    op.get_bind().exec_driver_sql(
        f"DELETE FROM sqlite_sequence WHERE name IN ({', '.join('?' for _ in TABLES)})", TABLES
    )


def _on_sqlite() -> bool:
    return bool(op.get_bind().dialect.name == 'sqlite')


def _rebuild(*, autoincrement: bool) -> None:
    """Copy every table of :data:`TABLES`, AUTOINCREMENT or not."""
    connection = op.get_bind()
    (foreign_keys,) = connection.exec_driver_sql('PRAGMA foreign_keys').one()
    if foreign_keys:
        # Dropping a copied table would delete the rows that refer to it (ON DELETE CASCADE).
        raise RuntimeError(
            "migration 0019 copies tables: SQLite's foreign keys must be off (PRAGMA "
            "foreign_keys=OFF before the migration's transaction begins; annotator's "
            "migrations/env.py does so)"
        )
    for table in TABLES:
        with op.batch_alter_table(
            table,
            recreate='always',
            table_kwargs={'sqlite_autoincrement': autoincrement},
            # An AUTOINCREMENT key is written inline, where SQLAlchemy gives it no name: the
            # downgrade names it again as the models' convention does (pk_<table>).
            naming_convention={'pk': 'pk_%(table_name)s'},
        ):
            pass
