"""A downgrade that SQLite does by copying a table (batch mode, to drop a column) leaves the
table as the revision before had it: on SQLite its AUTOINCREMENT too, which migration 0019
gave every table keyed by its own id, so that an id once given is never given again."""

from __future__ import annotations

from typing import Any

import pytest

from tests.migration_checks import down_by_one, migration_app

#: The migrations whose downgrade copies, on SQLite, a table that 0019 made AUTOINCREMENT
#: (0023, 0029, 0030 and 0032 have tests of their own that say so).
COPYING = ("0020", "0022", "0024", "0026", "0027", "0028")


@pytest.mark.parametrize("revision", COPYING)
def test_downgrade_by_one_leaves_the_schema_as_the_revision_before(
    tmp_path: Any, revision: str
) -> None:
    with migration_app(tmp_path, f"annotator_{revision}") as (url, app), app.app_context():
        before, after = down_by_one(app, url, revision)
    assert after == before
