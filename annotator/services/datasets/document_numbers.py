"""A document's number in its project (#1, #2...): the one place numbers are given.

The project page shows it in its ``#`` column, and every place that names documents takes it
as ``#12`` or ``12`` (:mod:`annotator.services.datasets.document_names`); links and the API's
paths keep the row id. A project counts the numbers it gave (``documents_numbered``), so that
a deleted document's number is never given again: ``#5`` never comes to name another
document than the one a script or a note meant.
"""

from __future__ import annotations

from sqlalchemy import Connection, update

from annotator.tables import project_table


def next_numbers(connection: Connection, project_id: int, count: int) -> list[int]:
    """Return ``count`` new numbers of the project's documents, in order.

    One ``UPDATE ... RETURNING`` of the project's counter: it takes the project row's write
    lock until the transaction ends, so that two imports into one project at once number
    their documents one after the other rather than alike.
    """
    if count <= 0:
        return []
    counter = project_table.c.documents_numbered
    last = connection.execute(
        update(project_table)
        .where(project_table.c.id == project_id)
        .values({counter: counter + count})
        .returning(counter)
    ).scalar_one()
    return list(range(last - count + 1, last + 1))
