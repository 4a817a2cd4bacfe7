"""A history row's kind, action and source are held to their lists by CHECKs that stay cheap.

The CHECKs are comparisons joined by OR (``models.one_of``): SQLite runs an ``IN (...)`` list
of more than two constants by building a temporary b-tree on every insert, and every write
to a layer inserts a history row.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from annotator.core.history import ACTIONS, KINDS, SOURCES
from annotator.db import get_engine
from annotator.models import LayerChange, utcnow
from annotator.services.history import _INSERT


def _row(document_id: int, **changed: str) -> dict[str, Any]:
    row = {
        "document_id": document_id,
        "layer_key": "gold",
        "at": utcnow(),
        "kind": "span",
        "action": "create",
        "source": "reviewer",
    }
    return row | changed


@pytest.mark.parametrize(
    ("column", "values"), [("kind", KINDS), ("action", ACTIONS), ("source", SOURCES)]
)
def test_every_listed_value_is_stored_and_any_other_refused(
    app: Any, make_project: Any, make_document: Any, column: str, values: tuple[str, ...]
) -> None:
    document = make_document(make_project(), "One sentence here.")
    engine = get_engine(app)
    with engine.begin() as connection:
        for value in values:
            connection.execute(insert(LayerChange), _row(document.id, **{column: value}))
    for wrong in ("", values[0].upper(), f"{values[0]} ", "other"):
        with pytest.raises(IntegrityError), engine.begin() as connection:
            connection.execute(insert(LayerChange), _row(document.id, **{column: wrong}))


def test_the_history_insert_builds_no_temporary_btree_on_sqlite(app: Any) -> None:
    engine = get_engine(app)
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite's program for the statement")
    sql = _INSERT._compile(engine.dialect).sql
    with engine.connect() as connection:
        driver = connection.connection.driver_connection
        program = driver.execute(f"EXPLAIN {sql}", [None] * sql.count("?")).fetchall()
    opcodes = [step[1] for step in program]
    assert "Insert" in opcodes
    assert "OpenEphemeral" not in opcodes
