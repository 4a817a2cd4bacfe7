"""How much each value of one list (a label field's or a span attribute's) is used, in one query.

The values page shows these beside each value, so that a lead learns that FAVOR is used before
Remove is refused. The figures are those of the refusal (:class:`~annotator.services.schema.
changes.Use`): the rows holding the value, their documents and those in gold, suggestions
left out (they are no uses). A row of a multi-valued field counts once for each value it holds.

One query per list, not one per value: each row's value is unnested with the database's JSON
functions (a single value is a list of one) and the rows are grouped by value.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from annotator.core.schema_diff import slot_name
from annotator.core.schema_renames import Slot
from annotator.core.vocabulary import DOCUMENT_UNIT, GOLD, SUGGESTIONS
from annotator.models import Project
from annotator.services.schema.changes import Use
from annotator.services.schema.json_columns import sqlite_key_path

# Each value a JSON column X holds, as rows of j.value: a list's items, or the value alone.
_UNNEST = {
    # json_each of a string yields that string; of a missing path, no row.
    "sqlite": "json_each({x}{path}) AS j",
    "postgresql": "LATERAL json_array_elements_text(CASE json_typeof({x}) WHEN 'array' "
    "THEN {x} ELSE json_build_array({x}) END) AS j(value)",
}
_QUERY = (
    "SELECT j.value, count(*), count(DISTINCT layer.document_id), "
    "sum(CASE WHEN layer.key = :gold THEN 1 ELSE 0 END) "
    "FROM {table} JOIN layer ON layer.id = {table}.layer_id "
    "JOIN document ON document.id = layer.document_id, {unnest} "
    "WHERE document.project_id = :project AND layer.key != :suggestions AND {which} "
    "AND j.value IS NOT NULL GROUP BY j.value"
)


def value_uses(session: Session, project: Project, slot: Slot) -> dict[str, Use]:
    """Return the uses of each value of the list at ``slot`` that anything uses, by value."""
    kind, owner, attribute = slot
    dialect = session.connection().dialect.name
    params = {"project": project.id, "gold": GOLD, "suggestions": SUGGESTIONS, "owner": owner}
    if kind == "attribute":
        table, noun, which = "span", "spans", "span.label = :owner"
        if dialect == "postgresql":
            column, path = "span.attributes -> CAST(:attr AS text)", ""
            params["attr"] = attribute
        else:
            column, path = "span.attributes", ", :path"
            params["path"] = sqlite_key_path(attribute)
    else:
        table, noun, column, path = "label_value", "label values", "label_value.value", ""
        unit = "=" if kind == "document" else "!="
        which = f"label_value.name = :owner AND label_value.sentence_index {unit} :unit"
        params["unit"] = DOCUMENT_UNIT
    unnest = _UNNEST[dialect].format(x=column, path=path)
    rows = session.execute(text(_QUERY.format(table=table, unnest=unnest, which=which)), params)
    return {
        str(value): Use(
            f"value {value} of {slot_name(slot)}", int(n), int(docs), int(gold or 0), noun=noun
        )
        for value, n, docs, gold in rows
    }
