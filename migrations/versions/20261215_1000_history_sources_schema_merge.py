"""history rows written by a schema rename or a copies merge say so

The CHECK on ``layer_change.source`` takes two more paths: ``schema`` (a schema rename
recording the final gold it renamed, services/schema/final_gold.py) and ``merge``
(``annotator db copies --merge``, services/annotation/copies_merge.py). Both wrote a source not
theirs before (a rename ``reviewer``; a merge ``reviewer`` on gold, ``annotator`` elsewhere).
Rows stored before keep the source they were given: which of them a rename or a merge wrote
was not kept. SQLite cannot change a CHECK in place, so it copies the table (batch mode, as
0017 does), inside the migration's one transaction; PostgreSQL replaces the constraint. The
downgrade gives the rows of the two new paths the source the older code wrote for them, so
that the narrower CHECK holds again, then narrows it.

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-15 10:00:00
"""

from __future__ import annotations

from alembic import op


revision = '0029'
down_revision = '0028'
branch_labels = None
depends_on = None

_BEFORE = ('annotator', 'reviewer', 'import', 'suggestion', 'restore', 'sentence-edit')
_AFTER = (*_BEFORE, 'schema', 'merge')


def _source_check(values: tuple[str, ...]) -> None:
    # Comparisons joined by OR, not IN (...): see 0017 and tables.one_of. SQLite rebuilds
    # the table: keep its AUTOINCREMENT (ids never reused, migration 0019).
    with op.batch_alter_table(
        'layer_change', table_kwargs={'sqlite_autoincrement': True}
    ) as batch_op:
        name = batch_op.f('ck_layer_change_source')
        batch_op.drop_constraint(name, type_='check')
        batch_op.create_check_constraint(name, " OR ".join(f"source = '{v}'" for v in values))


def upgrade() -> None:
    _source_check(_AFTER)


def downgrade() -> None:
    op.execute(
        "UPDATE layer_change SET source = CASE WHEN layer_key = 'gold' THEN 'reviewer'"
        " ELSE 'annotator' END WHERE source = 'schema' OR source = 'merge'"
    )
    _source_check(_BEFORE)
