"""brat notes on their spans

A brat import kept every annotator's ``#`` notes (AnnotatorNotes) in the document's shared
``meta`` as ``brat_notes`` (``{"annotator", "on", "note", "label"?, "start"?, "end"?}``): every
annotator of the document read the others' notes, with their labels and offsets, in the API's
document, the workspace's header and the document list's search; and a label renamed or a
span moved lost its note in the brat export, which matched notes by label and offsets. A note
is now its span's own: ``span.note``, the notes on that span one per line.

Each kept note moves onto the span of its annotator's layer (``gold`` for gold) with its
label and offsets, the one of lowest id, as the export wrote it back; ``brat_notes`` leaves
the document's ``meta`` and its search text. A note no span takes (one on a relation or an
event, or whose span was deleted or changed since: no export wrote these back either) is
counted in the log and left out. The downgrade puts each span's notes back into its
document's ``meta`` with the span's label and offsets as they are now.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 10:00:00
"""

from __future__ import annotations

import json
import logging
from typing import Any

import sqlalchemy as sa
from alembic import op

# The search text of a document, as the app writes it for a new document.
from annotator.core.search_text import search_fields


revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None

LOG = logging.getLogger('alembic.runtime.migration')
KEY = 'brat_notes'


def upgrade() -> None:
    op.add_column('span', sa.Column('note', sa.Text(), nullable=True))
    connection = op.get_bind()
    users: dict[str, int] = dict(connection.execute(sa.text('SELECT username, id FROM "user"')).all())
    left_out = 0
    for doc_id, meta in _documents_with_notes(connection):
        layers: dict[str, int] = dict(
            connection.execute(
                sa.text('SELECT key, id FROM layer WHERE document_id = :d'), {'d': doc_id}
            ).all()
        )
        for kept in meta.pop(KEY):
            span_id = _span_of(connection, kept, users, layers)
            if span_id is None:
                left_out += 1
                continue
            (before,) = connection.execute(
                sa.text('SELECT note FROM span WHERE id = :s'), {'s': span_id}
            ).one()
            text = ' '.join(str(kept.get('note', '')).split())  # a note is one line
            connection.execute(
                sa.text('UPDATE span SET note = :n WHERE id = :s'),
                {'n': text if before is None else f'{before}\n{text}', 's': span_id},
            )
        _write_meta(connection, doc_id, meta)
    if left_out:
        LOG.warning(
            'brat notes on no span of their layer (on a relation or an event, or a span '
            'changed since) left out: %d',
            left_out,
        )


def downgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.text(
            'SELECT l.document_id, l.key, u.username, s.label, s.start, s."end", s.note '
            'FROM span s JOIN layer l ON l.id = s.layer_id '
            'LEFT JOIN "user" u ON u.id = l.user_id '
            'WHERE s.note IS NOT NULL ORDER BY l.document_id, s.id'
        )
    ).all()
    notes: dict[int, list[dict[str, Any]]] = {}
    for doc_id, key, username, label, start, end, note in rows:
        for line in note.split('\n'):
            notes.setdefault(doc_id, []).append(
                {
                    'annotator': username or key,
                    'on': None,
                    'note': line,
                    'label': label,
                    'start': start,
                    'end': end,
                }
            )
    for doc_id, kept in notes.items():
        (raw,) = connection.execute(
            sa.text('SELECT meta FROM document WHERE id = :d'), {'d': doc_id}
        ).one()
        meta = _decoded(raw)
        meta[KEY] = kept
        _write_meta(connection, doc_id, meta)
    # SQLite rebuilds the table: keep its AUTOINCREMENT (ids never reused, migration 0019).
    with op.batch_alter_table('span', table_kwargs={'sqlite_autoincrement': True}) as batch:
        batch.drop_column('note')


def _documents_with_notes(connection: Any) -> list[tuple[int, dict[str, Any]]]:
    rows = connection.execute(
        sa.text('SELECT id, meta FROM document WHERE CAST(meta AS TEXT) LIKE :k'),
        {'k': f'%{KEY}%'},
    ).all()
    found = [(doc_id, _decoded(raw)) for doc_id, raw in rows]
    return [(d, m) for d, m in found if isinstance(m.get(KEY), list)]


def _span_of(
    connection: Any, kept: Any, users: dict[str, int], layers: dict[str, int]
) -> int | None:
    """The id of the span a kept note was on, or None."""
    if not isinstance(kept, dict) or 'label' not in kept:
        return None
    name = kept.get('annotator')
    key = 'gold' if name == 'gold' else f'user:{users.get(str(name))}'
    if key not in layers:
        return None
    return connection.execute(
        sa.text(
            'SELECT min(id) FROM span WHERE layer_id = :l AND label = :label '
            'AND start = :start AND "end" = :end'
        ),
        {'l': layers[key], 'label': kept['label'], 'start': kept['start'], 'end': kept['end']},
    ).scalar()


def _decoded(raw: Any) -> dict[str, Any]:
    value = json.loads(raw) if isinstance(raw, str) else raw
    return value if isinstance(value, dict) else {}


def _write_meta(connection: Any, doc_id: int, meta: dict[str, Any]) -> None:
    """Store a document's ``meta`` and the search text made of it (core/search_text.py)."""
    text = json.dumps(meta, ensure_ascii=False)
    # PostgreSQL's json column takes the text cast; SQLite's CAST(... AS JSON) would be numeric.
    value = ':m' if connection.dialect.name == 'sqlite' else 'CAST(:m AS JSON)'
    connection.execute(
        sa.text(f'UPDATE document SET meta = {value} WHERE id = :d'), {'m': text, 'd': doc_id}
    )
    connection.execute(
        sa.text('UPDATE document_search SET meta = :m WHERE document_id = :d'),
        {'m': search_fields(None, '', meta).meta, 'd': doc_id},
    )
