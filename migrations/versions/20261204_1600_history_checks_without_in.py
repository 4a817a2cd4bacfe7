"""history checks without IN

The three CHECKs of ``layer_change`` (kind, action, source) written as comparisons joined by
OR instead of ``IN (...)`` lists: the same rows pass. SQLite 3.40 builds a temporary b-tree
for an IN list of more than two constants each time such a CHECK runs, and every write to a
layer adds a history row: the three cost about 99,000 instructions an insert, the OR form
about 1,000 (docs/benchmarks.md, span writes round 5). SQLite cannot change a CHECK in
place, so it copies the table (batch mode), once for the three, inside the migration's one
transaction: a failure half-way leaves the table, its rows and its CHECKs as they were
(tests/test_migration_history_checks.py). PostgreSQL replaces the constraints.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04 16:00:00
"""

from __future__ import annotations

from collections.abc import Callable

from alembic import op


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

_VALUES = {
    'kind': ('span', 'relation', 'label', 'status', 'decision'),
    'action': ('create', 'update', 'delete', 'restore'),
    'source': ('annotator', 'reviewer', 'import', 'suggestion', 'restore', 'sentence-edit'),
}


def _replace_checks(written_as: Callable[[str, tuple[str, ...]], str]) -> None:
    with op.batch_alter_table('layer_change') as batch_op:
        for column, values in _VALUES.items():
            name = batch_op.f(f'ck_layer_change_{column}')
            batch_op.drop_constraint(name, type_='check')
            batch_op.create_check_constraint(name, written_as(column, values))


def upgrade() -> None:
    _replace_checks(lambda column, values: " OR ".join(f"{column} = '{v}'" for v in values))


def downgrade() -> None:
    _replace_checks(
        lambda column, values: f"{column} IN ({', '.join(repr(v) for v in values)})"
    )
