"""A schema's names fit the columns that store them: 100 characters is stored, 101 refused.

PostgreSQL's columns for span labels, relation types and label fields hold 100 characters; a
schema with a longer name was accepted, and its first span was a server error there.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.errors import SchemaError
from annotator.models import LabelValue, Relation, Span
from annotator.services.annotation.labels import set_label
from annotator.services.annotation.layers import open_layer
from annotator.services.annotation.relations import add_relation
from annotator.services.annotation.spans import add_span

LONGEST = "L" * 100


def _schema(name: str) -> dict[str, Any]:
    return {
        "span_labels": [{"name": name}, {"name": "SOURCE"}],
        "relation_types": [{"name": "R" + name[1:], "from": [name], "to": ["SOURCE"]}],
        "sentence_labels": [{"name": "F" + name[1:], "values": ["YES", "NO"]}],
    }


def test_names_of_the_longest_length_are_stored(
    session: Session, make_user: Any, make_project: Any, make_document: Any
) -> None:
    ada = make_user("ada", "admin")
    project = make_project("long", schema=_schema(LONGEST))
    document = make_document(project, "Officials said the talks failed.")
    gold = open_layer(session, ada, document, "gold")
    claim = add_span(session, gold, LONGEST, 0, 9)
    source = add_span(session, gold, "SOURCE", 15, 20)
    add_relation(session, gold, "R" + LONGEST[1:], claim.id, source.id)
    set_label(session, gold, 0, "F" + LONGEST[1:], "YES")
    session.commit()
    assert session.scalar(select(Span.label).where(Span.id == claim.id)) == LONGEST
    assert session.scalar(select(Relation.type)) == "R" + LONGEST[1:]
    assert session.scalar(select(LabelValue.name)) == "F" + LONGEST[1:]


@pytest.mark.parametrize("kind", ["span_labels", "relation_types", "sentence_labels"])
def test_a_longer_name_is_refused_by_the_schema(make_project: Any, kind: str) -> None:
    schema = _schema("L" * 99)
    schema[kind][0]["name"] = schema[kind][0]["name"] + "xx"  # 101 characters
    with pytest.raises(
        SchemaError, match="'name' is 101 characters long; a name takes at most 100"
    ):
        make_project("long", schema=schema)
