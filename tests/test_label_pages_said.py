"""What the labels pages and the settings page say after each schema change they make: the
change in words, then the schema version it made, worded alike on every page."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.models import Project
from annotator.services.accounts.membership import set_member
from tests.helpers import csrf_token_from, login


@pytest.fixture
def news(session: Session, make_user: Any, make_project: Any) -> Any:
    """Project news (the seed schema), max its manager."""
    project = make_project("news", name="News")
    set_member(session, project, make_user("max", "annotator"), "manager")
    session.commit()
    return project


def _version(session: Session) -> int:
    session.expire_all()
    return session.scalar(select(Project.schema_version).where(Project.slug == "news")) or 0


#: (what is posted where, the form's fields, the page it comes back to, what that page says,
#: ``{v}`` standing for the schema version the change made).
CHANGES = [
    (
        "/projects/news/labels",
        {"span_labels-name": "QUOTE", "span_labels-color": "#aa3300"},
        "/projects/news/labels",
        "Span label QUOTE is added (schema version {v}).",
    ),
    (
        "/projects/news/labels/relations",
        {"relation_types-name": "QUOTES", "relation_types-from_labels": "CLAIM"}
        | {"relation_types-to_labels": "SOURCE"},
        "/projects/news/labels",
        "Relation type QUOTES is added (schema version {v}).",
    ),
    (
        "/projects/news/labels/document-labels",
        {"document_labels-name": "region", "document_labels-values": "EU\nUS"},
        "/projects/news/labels",
        "Document label region is added (schema version {v}).",
    ),
    (
        "/projects/news/labels/edit?label=BIASED_WORD",
        {"name": "LOADED_WORD", "color": "#9467bd"},
        "/projects/news/labels",
        "Span label LOADED_WORD is saved, renamed from BIASED_WORD in every layer "
        "(schema version {v}).",
    ),
    (
        "/projects/news/labels/relations/remove?type=CUED_BY",
        {},
        "/projects/news/labels",
        "Relation type CUED_BY is removed (schema version {v}).",
    ),
    (
        "/projects/news/labels/fields/edit?field=document:genre",
        {"description": "What kind of piece it is"},
        "/projects/news/labels/fields/edit?field=document:genre",
        "The settings of the document label genre are saved (schema version {v}).",
    ),
    (
        "/projects/news/labels/fields/edit?field=document:genre",
        {"name": "kind"},
        "/projects/news/labels/fields/edit?field=document:kind",
        "The document label genre is now kind, in every layer; its settings are saved "
        "(schema version {v}).",
    ),
    (
        "/projects/news/labels/fields/remove?field=document:genre",
        {},
        "/projects/news/labels",
        "The document label genre is removed (schema version {v}).",
    ),
    # An attribute in words too, as its values page says it; not by the key of its address.
    (
        "/projects/news/labels/fields/edit?field=CLAIM.claimer",
        {"description": "Who makes the claim"},
        "/projects/news/labels/fields/edit?field=CLAIM.claimer",
        "The settings of the attribute claimer of CLAIM are saved (schema version {v}).",
    ),
    (
        "/projects/news/labels/fields/edit?field=CLAIM.claimer",
        {"name": "claimant"},
        "/projects/news/labels/fields/edit?field=CLAIM.claimant",
        "The attribute claimer of CLAIM is now claimant, in every layer; its settings are saved "
        "(schema version {v}).",
    ),
    (
        "/projects/news/labels/fields/remove?field=BIASED_WORD.type",
        {},
        "/projects/news/labels/edit?label=BIASED_WORD",
        "The attribute type of BIASED_WORD is removed (schema version {v}).",
    ),
    (
        "/projects/news/labels/attributes?label=SOURCE",
        {"attribute-name": "kind", "attribute-values": "PERSON\nORGANISATION"},
        "/projects/news/labels/edit?label=SOURCE",
        "The attribute kind of SOURCE is added (schema version {v}).",
    ),
    (
        "/projects/news/labels/values/add?field=document:genre",
        {"add-value": "ESSAY"},
        "/projects/news/labels/values?field=document:genre",
        "Value ESSAY is added to the document label genre (schema version {v}).",
    ),
    (
        "/projects/news/labels/values/rename?field=document:genre",
        {"rename-value": "NEWS", "rename-new": "REPORT"},
        "/projects/news/labels/values?field=document:genre",
        "Value NEWS of the document label genre is now REPORT, in every layer"
        " (schema version {v}).",
    ),
    (
        "/projects/news/labels/values/remove?field=document:genre",
        {"remove-value": "NEWS"},
        "/projects/news/labels/values?field=document:genre",
        "Value NEWS is removed from the document label genre (schema version {v}).",
    ),
]


@pytest.mark.parametrize(("url", "fields", "page", "said"), CHANGES)
def test_each_label_change_says_what_it_did_and_the_schema_version_it_made(
    client: FlaskClient,
    session: Session,
    news: Any,
    url: str,
    fields: dict[str, str],
    page: str,
    said: str,
) -> None:
    login(client, "max")
    before = _version(session)
    token = csrf_token_from(client.get("/projects/news/labels").get_data(as_text=True))
    answer = client.post(url, data={"csrf_token": token, **fields})
    assert answer.status_code == 302, answer.get_data(as_text=True)
    assert _version(session) == before + 1
    assert said.format(v=before + 1) in client.get(page).get_data(as_text=True)


def test_the_settings_page_says_the_schema_version_too(
    client: FlaskClient, session: Session, news: Any
) -> None:
    login(client, "max")
    page = client.get("/projects/news/settings").get_data(as_text=True)
    form = {"csrf_token": csrf_token_from(page), "name": "News"}
    answer = client.post("/projects/news/settings", data=form)
    assert answer.status_code == 302, answer.get_data(as_text=True)
    said = f"The settings of News are saved (schema version {_version(session)})."
    assert said in client.get("/projects/news/settings").get_data(as_text=True)
