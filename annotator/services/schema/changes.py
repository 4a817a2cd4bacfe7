"""Changing the label schema of a live project: renames carried through the data, removals checked.

:func:`change_schema` is the one path: it works out what the change renames and removes
(:mod:`annotator.core.schema_diff`; the ``renames`` format is
:mod:`annotator.core.schema_renames`'), refuses a
removal while anything uses what goes (:class:`Conflict`, 409, naming the counts; suggestions
are no uses), renames every use in every layer of the project (annotators', gold, and any
other layer row such as suggestions) with one bulk UPDATE per rename, carries the change into
what suggestions remember (:mod:`~annotator.services.schema.suggestions`: rejections,
stored models, suggestions of what is removed), and stores the new :class:`SchemaVersion`.
All of it happens in the caller's transaction, so a change lands whole or not at all.

Values live in JSON columns; finding and rewriting one inside them takes each database's
JSON functions (SQLite's ``json_each``/``json_set``, PostgreSQL's ``json_array_elements_text``/
``jsonb_set``), written once per database below.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, select, text, update
from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.errors import Conflict
from annotator.core.label_schema import validate_schema
from annotator.core.schema_diff import SchemaDiff, diff_schemas, slot_name
from annotator.core.schema_renames import KINDS, Renames, Slot
from annotator.core.schema_roles import carry_roles
from annotator.core.vocabulary import DOCUMENT_UNIT, SUGGESTIONS
from annotator.models import (
    Document,
    LabelValue,
    Layer,
    Project,
    Relation,
    SchemaVersion,
    Span,
    utcnow,
)
from annotator.services.schema.breaks import Tally, find_breaks, tally_columns
from annotator.services.schema.final_gold import (
    note_renamed,
    read_final_gold,
    record_renamed,
    renamed_words,
)
from annotator.services.schema.json_columns import holds_key, sqlite_key_path
from annotator.services.schema.meaning import (
    confirmed_words,
    given_values,
    refuse_unconfirmed,
)
from annotator.services.schema.required_blank import note_newly_required
from annotator.services.schema.suggestions import (
    drop_removed_label_suggestions,
    drop_removed_suggestions,
    forget_removed_labels,
    rename_suggested,
)


@dataclass(frozen=True)
class Use(Tally):
    """How much of the project uses something a change would remove (the API's 409 names
    its rows by ``noun``)."""

    def __str__(self) -> str:
        return f"{self.what} is used by {self.figures()}"


def _project_layers(project_id: int) -> Select[int]:
    return (
        select(Layer.id)
        .join(Document, Document.id == Layer.document_id)
        .where(Document.project_id == project_id)
    )


def _unit_condition(kind: str) -> ColumnElement[bool]:
    if kind == "document":
        return LabelValue.sentence_index == DOCUMENT_UNIT
    return LabelValue.sentence_index != DOCUMENT_UNIT


def _dialect(session: Session) -> str:
    return session.connection().dialect.name


# The SQL that tells whether a JSON value X holds the string :v, alone or in a list.
_HOLDS = {
    "sqlite": "((json_type({x}{p}) = 'text' AND json_extract({x}{p}) = :v) OR "
    "(json_type({x}{p}) = 'array' AND EXISTS (SELECT 1 FROM json_each({x}{p}) AS j "
    "WHERE j.value = :v)))",
    "postgresql": "((json_typeof({x}) = 'string' AND ({x}) #>> '{{}}' = :v) OR "
    "(json_typeof({x}) = 'array' AND EXISTS (SELECT 1 FROM json_array_elements_text({x}) "
    "AS j(value) WHERE j.value = :v)))",
}


def _holds(dialect: str, column: str, attribute: bool) -> str:
    """SQL: the label value (or, with ``attribute``, the span attribute :attr) holds :v."""
    if dialect == "postgresql":
        x = f"{column} -> CAST(:attr AS text)" if attribute else column
        return _HOLDS["postgresql"].format(x=x)
    return _HOLDS["sqlite"].format(x=column, p=", :path" if attribute else ", '$'")


def _count(
    session: Session, table: Any, condition: Any, params: dict[str, Any]
) -> tuple[int, int, int]:
    query = (
        select(*tally_columns())
        .select_from(table)
        .join(Layer, Layer.id == table.c.layer_id)
        .join(Document, Document.id == Layer.document_id)
        # Suggestions are no uses: what is removed goes from them (suggestions.py).
        .where(Document.project_id == params["project"], Layer.key != SUGGESTIONS, condition)
    )
    row = session.execute(query, params).one()
    return int(row[0]), int(row[1]), int(row[2])


def count_uses(session: Session, project: Project, diff: SchemaDiff) -> list[Use]:
    """Return the uses of everything ``diff`` removes; empty when nothing uses any of it."""
    dialect = _dialect(session)
    uses = []
    spans, relations, values = Span.__table__, Relation.__table__, LabelValue.__table__
    base = {"project": project.id}
    for kind, name in diff.removed:
        if kind == "span":
            found = _count(session, spans, spans.c.label == name, base)
            uses.append(Use(name, *found, noun="spans"))
        elif kind == "relation":
            found = _count(session, relations, relations.c.type == name, base)
            uses.append(Use(name, *found, noun="relations"))
        else:
            condition = (values.c.name == name) & _unit_condition(kind)
            found = _count(session, values, condition, base)
            uses.append(Use(f"{kind} label field {name}", *found, noun="label values"))
    for label, attribute in diff.removed_attributes:
        present = holds_key(dialect, spans.c.attributes, attribute)
        found = _count(session, spans, (spans.c.label == label) & present, base)
        uses.append(Use(f"attribute {label}.{attribute}", *found, noun="spans"))
    for slot, value in diff.removed_values:
        kind, owner, attribute = slot
        params = base | {"v": value, "path": sqlite_key_path(attribute), "attr": attribute}
        if kind == "attribute":
            condition = (spans.c.label == owner) & text(_holds(dialect, "span.attributes", True))
            found = _count(session, spans, condition, params)
            uses.append(Use(f"value {value} of {slot_name(slot)}", *found, noun="spans"))
        else:
            condition = (
                (values.c.name == owner)
                & _unit_condition(kind)
                & text(_holds(dialect, "label_value.value", False))
            )
            found = _count(session, values, condition, params)
            uses.append(Use(f"value {value} of {slot_name(slot)}", *found, noun="label values"))
    return [use for use in uses if use.rows]


# A value renamed inside a JSON list, kept in order; a merge leaves one copy.
_LIST_RENAMED = {
    "sqlite": "(SELECT json_group_array(v) FROM (SELECT CASE WHEN j.value = :old THEN :new "
    "ELSE j.value END AS v, min(j.key) AS k FROM json_each({x}{p}) AS j GROUP BY 1 ORDER BY k))",
    "postgresql": "(SELECT json_agg(v ORDER BY k) FROM (SELECT CASE WHEN j.value = "
    "CAST(:old AS text) THEN CAST(:new AS text) ELSE j.value END AS v, min(j.k) AS k "
    "FROM json_array_elements_text({x}) WITH ORDINALITY AS j(value, k) GROUP BY 1) AS s)",
}
# A label value's updated_at stays: it says when the value was given (core/given_targets), and
# a rename is the schema's, not an answer.
_LABEL_VALUE_RENAMED = {
    "sqlite": "UPDATE label_value SET value = CASE json_type(value) "
    "WHEN 'array' THEN json({list}) ELSE json_quote(:new) END "
    "WHERE layer_id IN ({layers}) AND name = :field AND {unit} AND {holds}",
    "postgresql": "UPDATE label_value SET value = CASE json_typeof(value) "
    "WHEN 'array' THEN {list} ELSE to_json(CAST(:new AS text)) END "
    "WHERE layer_id IN ({layers}) AND name = :field AND {unit} AND {holds}",
}
_ATTRIBUTE_RENAMED = {
    "sqlite": "UPDATE span SET updated_at = :now, version = version + 1, "
    "attributes = json_set(attributes, :path, CASE json_type(attributes, :path) "
    "WHEN 'array' THEN json({list}) ELSE :new END) "
    "WHERE layer_id IN ({layers}) AND label = :label AND {holds}",
    "postgresql": "UPDATE span SET updated_at = :now, version = version + 1, "
    "attributes = CAST(jsonb_set(CAST(attributes AS jsonb), ARRAY[CAST(:attr AS text)], "
    "CASE json_typeof(attributes -> CAST(:attr AS text)) WHEN 'array' THEN CAST({list} AS jsonb) "
    "ELSE to_jsonb(CAST(:new AS text)) END) AS json) "
    "WHERE layer_id IN ({layers}) AND label = :label AND {holds}",
}
# An attribute's key renamed in the spans of one label that have it, its value kept.
_KEY_RENAMED = {
    "sqlite": "UPDATE span SET updated_at = :now, version = version + 1, "
    "attributes = json_set(json_remove(attributes, :path), :new_path, "
    "json_extract(attributes, :path)) "
    "WHERE layer_id IN ({layers}) AND label = :label AND json_type(attributes, :path) IS NOT NULL",
    "postgresql": "UPDATE span SET updated_at = :now, version = version + 1, "
    "attributes = CAST((CAST(attributes AS jsonb) - CAST(:attr AS text)) || "
    "jsonb_build_object(CAST(:new AS text), CAST(attributes AS jsonb) -> CAST(:attr AS text)) "
    "AS json) WHERE layer_id IN ({layers}) AND label = :label "
    "AND json_typeof(attributes -> CAST(:attr AS text)) IS NOT NULL",
}
_LAYERS_SQL = (
    "SELECT layer.id FROM layer JOIN document ON document.id = layer.document_id "
    "WHERE document.project_id = :project"
)


def rename_uses(session: Session, project: Project, diff: SchemaDiff) -> None:
    """Rename every use of what ``diff`` renames, in every layer of the project, in bulk.

    Named entries first, then attributes (named under their label's new name), so that value
    renames (which name the new schema's fields, labels and attributes) find their rows under
    the new names.
    """
    layers = _project_layers(project.id).scalar_subquery()
    now = utcnow()
    quiet = {"synchronize_session": False}
    for kind, old, new in diff.renamed:
        if kind == "span":
            statement: Any = (
                update(Span)
                .where(Span.layer_id.in_(layers), Span.label == old)
                .values(label=new, version=Span.version + 1, updated_at=now)
            )
        elif kind == "relation":
            statement = (
                update(Relation)
                .where(Relation.layer_id.in_(layers), Relation.type == old)
                .values(type=new)
            )
        else:
            statement = (
                update(LabelValue)
                .where(
                    LabelValue.layer_id.in_(layers),
                    LabelValue.name == old,
                    _unit_condition(kind),
                )
                # Set to itself, as the column would take now otherwise: see _LABEL_VALUE_RENAMED.
                .values(name=new, updated_at=LabelValue.updated_at)
            )
        session.execute(statement, execution_options=quiet)
    dialect = _dialect(session)
    for label, old, new in diff.renamed_attributes:
        params = {"project": project.id, "label": label, "attr": old, "new": new, "now": now}
        params |= {"path": sqlite_key_path(old), "new_path": sqlite_key_path(new)}
        session.execute(text(_KEY_RENAMED[dialect].format(layers=_LAYERS_SQL)), params)
    for slot, old, new in diff.renamed_values:
        _rename_value(session, dialect, project, slot, old, new, now)
    # Rows of these tables already in the session would show the old names.
    for row in list(session.identity_map.values()):
        if isinstance(row, Span | Relation | LabelValue):
            session.expire(row)


def _rename_value(
    session: Session, dialect: str, project: Project, slot: Slot, old: str, new: str, now: Any
) -> None:
    kind, owner, attribute = slot
    params = {"project": project.id, "old": old, "new": new, "v": old, "now": now}
    if kind == "attribute":
        params |= {"label": owner, "attr": attribute, "path": sqlite_key_path(attribute)}
        x = "span.attributes -> CAST(:attr AS text)" if dialect == "postgresql" else "attributes"
        sql = _ATTRIBUTE_RENAMED[dialect].format(
            list=_LIST_RENAMED[dialect].format(x=x, p=", :path"),
            layers=_LAYERS_SQL,
            holds=_holds(dialect, "span.attributes", True),
        )
    else:
        params |= {"field": owner}
        sql = _LABEL_VALUE_RENAMED[dialect].format(
            list=_LIST_RENAMED[dialect].format(x="label_value.value", p=""),
            layers=_LAYERS_SQL,
            unit="sentence_index = -1" if kind == "document" else "sentence_index != -1",
            holds=_holds(dialect, "label_value.value", False),
        )
    session.execute(text(sql), params)


def change_schema(
    session: Session,
    project: Project,
    actor: Actor | None,
    new_schema: Any,
    renames: Renames,
    *,
    change: str | None = None,
    confirm_meaning: bool = False,
) -> SchemaDiff | None:
    """Move ``project`` to ``new_schema``, carrying ``renames`` through its data.

    Stores the new :class:`SchemaVersion` (the next number, the schema and ``change`` or the
    change in words) and bumps ``project.schema_version``. Returns what changed, or None when
    the new schema is the current one and nothing is renamed (no version is stored).

    The schema's ``roles`` follow the renames, and lose what the change removes
    (:func:`annotator.core.schema_roles.carry_roles`).

    :raises SchemaError: the new schema breaks the schema's rules.
    :raises Invalid: a rename does not fit the two schemas.
    :raises Conflict: something removed is still used (``details["uses"]`` has the counts), or
        annotations would break a rule the new schema tightens (``details["breaks"]``,
        :mod:`~annotator.services.schema.breaks`).
    :raises MeaningUnconfirmed: a used field's target or description changes and
        ``confirm_meaning`` is not given (:mod:`~annotator.services.schema.meaning`).
    """
    schema = validate_schema(carry_roles(project.schema, new_schema, renames))
    if schema == project.schema and not renames:
        return None
    diff = diff_schemas(project.schema, schema, renames)
    uses = count_uses(session, project, diff)
    if uses:
        raise Conflict(
            "the change would remove what is still used: "
            + "; ".join(map(str, uses))
            + ". Rename it to what it becomes (renames), or delete those annotations first.",
            details={"uses": [use.__dict__ for use in uses]},
        )
    # Final gold is renamed too, as a rename keeps meaning; said and kept in its history
    # (the decision and why: services/schema/final_gold.py).
    final_gold = read_final_gold(session, project, diff)
    # Counted under the current names, before the renames reach the data.
    given = given_values(session, project, diff)
    rename_uses(session, project, diff)
    final_renamed = 0 if final_gold is None else record_renamed(session, final_gold, actor)
    note_renamed(session, final_renamed)  # for the page that made the change to say
    rename_suggested(session, project, diff)
    drop_removed_suggestions(session, project, diff)
    drop_removed_label_suggestions(session, project, diff)
    forget_removed_labels(session, project, diff)
    # After the renames, so that the annotations carry the new schema's names; a refusal
    # here is rolled back with them by the caller, as every refused change is.
    breaks = find_breaks(session, project.id, project.schema, schema, renames)
    if breaks:
        raise Conflict(
            "the change would make annotations break the schema's rules: "
            + "; ".join(map(str, breaks))
            + ". Change or delete those annotations first, or keep the rule as it is.",
            details={"breaks": [b.__dict__ for b in breaks]},
        )
    # Asked last: a change refused for what it breaks is said as such, not asked about first
    # (a confirmation would only lead to that refusal).
    if not confirm_meaning:
        refuse_unconfirmed(given, project)
    version = project.schema_version + 1
    described = diff.describe()
    if not described:
        described = _settings_change(project.schema, schema)
    else:
        # The project's own settings changed alongside (the lists' entries are said above;
        # the roles follow the renames).
        settings = _settings_change(project.schema, schema, skip=(*KINDS.values(), "roles"))
        described += "" if settings == "no change" else f"; {settings}"
    kept = confirmed_words(given, project.schema_version)
    described = "; ".join(filter(None, [described, kept, renamed_words(final_renamed)]))
    old = project.schema
    project.schema = schema
    project.schema_version = version
    session.add(
        SchemaVersion(
            project_id=project.id,
            version=version,
            schema=schema,
            change=change or described,
            created_by_id=None if actor is None else actor.id,
        )
    )
    session.flush()
    # Layers marked done stay done when a field they leave blank becomes required: said by
    # the face that made the change, as the layers are counted nowhere else.
    note_newly_required(session, project, old, diff.renamed)
    return diff


def _settings_change(old: dict[str, Any], new: dict[str, Any], skip: tuple[str, ...] = ()) -> str:
    """Name the top-level settings that changed (but those in ``skip``)."""
    keys = [key for key in new if key not in skip and old.get(key) != new.get(key)]
    return "changed " + ", ".join(keys) if keys else "no change"


def schema_versions(session: Session, project: Project) -> list[SchemaVersion]:
    """Return the project's schema versions, newest first."""
    return list(
        session.scalars(
            select(SchemaVersion)
            .where(SchemaVersion.project_id == project.id)
            .order_by(SchemaVersion.version.desc())
        )
    )


def version_change(session: Session, project: Project) -> str:
    """Return the change in words of the project's current schema version ("" for the first)."""
    said = session.scalar(
        select(SchemaVersion.change).where(
            SchemaVersion.project_id == project.id,
            SchemaVersion.version == project.schema_version,
        )
    )
    return said or ""
