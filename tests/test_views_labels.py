"""The labels page: a project's span labels added, edited, renamed and removed one at a time."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.models import AuditEntry, Project, Span
from annotator.services.annotation.layers import open_layer
from annotator.services.annotation.spans import add_span
from tests.helpers import csrf_token_from, login


@pytest.fixture
def world(session: Session, make_world: Any, assign: Any) -> SimpleNamespace:
    """Project news with max as its manager; alice has one CUE and rita's gold one CUE."""
    made = make_world(
        {"max": "annotator", "alice": "annotator", "rita": "reviewer"},
        slug="news",
        name="News",
        members={"max": "manager"},
        document=("Officials said on Monday that talks had failed.", None),
    )
    alice, rita, document = made.alice, made.rita, made.document
    assign(document, alice)
    add_span(session, open_layer(session, alice, document, None), "CUE", 10, 14)
    add_span(session, open_layer(session, rita, document, "gold"), "CUE", 10, 14)
    session.commit()
    return SimpleNamespace(project=made.project, document=document)


def _post(client: FlaskClient, url: str, **fields: str) -> Any:
    token = csrf_token_from(client.get("/projects/news/labels").get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **fields})


def _added(**fields: str) -> dict[str, str]:
    """The add-a-span-label form's fields, under the form's prefix."""
    return {f"span_labels-{name}": value for name, value in fields.items()}


def _labels(session: Session) -> dict[str, dict[str, Any]]:
    session.expire_all()
    project = session.scalar(select(Project).where(Project.slug == "news"))
    assert project is not None
    return {entry["name"]: entry for entry in project.schema["span_labels"]}


def _version(session: Session) -> int:
    session.expire_all()
    return session.scalar(select(Project.schema_version).where(Project.slug == "news")) or 0


def test_the_page_lists_each_label_with_its_key_colour_and_spans(
    client: FlaskClient, world: Any
) -> None:
    login(client, "max")
    page = client.get("/projects/news/labels").get_data(as_text=True)
    assert client.get("/projects/news").get_data(as_text=True).count('href="/projects/news/labels"')
    cue = page[page.index("> CUE") : page.index("</tr>", page.index("> CUE"))]
    assert "<kbd>q</kbd>" in cue and 'data-label="Spans">2</td>' in cue
    assert 'fill="#2ca02c"' in page  # the seed schema's CUE colour, as a swatch
    assert 'href="/projects/news/labels/edit?label=CUE"' in page
    assert "ATTRIBUTED_TO" in page  # relation types and fields are listed, to change elsewhere


def test_a_manager_adds_a_label_which_becomes_a_new_schema_version(
    client: FlaskClient, session: Session, world: Any
) -> None:
    login(client, "max")
    before = _version(session)
    answer = _post(
        client,
        "/projects/news/labels",
        **_added(name="QUOTE", key="u", color="#AA3300", description="A direct <b>quotation</b>"),
    )
    assert answer.status_code == 302
    assert _labels(session)["QUOTE"] == {
        "name": "QUOTE",
        "key": "u",
        "color": "#aa3300",
        "description": "A direct <b>quotation</b>",
        "attributes": [],
    }
    assert _version(session) == before + 1
    page = client.get("/projects/news/labels").get_data(as_text=True)
    assert "Span label QUOTE is added" in page
    assert "A direct &lt;b&gt;quotation&lt;/b&gt;" in page
    audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "project.update"))
    assert any("QUOTE" in (entry.after or {}).get("change", "") for entry in audit)


@pytest.mark.parametrize(
    ("fields", "field", "said", "status"),
    [
        ({"name": "QUOTE", "key": "c"}, "key", "key &#39;c&#39; is already used by", 422),
        ({"name": "QUOTE", "key": "ab"}, "key", "key must be a single character", 422),
        ({"name": "QUOTE", "color": "red"}, "color", "color must look like #1f77b4", 422),
        ({"name": "CUE"}, "name", "has a span label &#39;CUE&#39; already", 409),
        ({"name": "  "}, "name", "Give it a name.", 400),
        # A second CLAIM in the palette that differs only in case (it was added).
        (
            {"name": "claim", "key": "z"},
            "name",
            "&#39;claim&#39; reads as &#39;CLAIM&#39;: they differ only in case or width",
            422,
        ),
    ],
)
def test_a_refused_label_is_said_at_its_field_and_nothing_changes(
    client: FlaskClient,
    session: Session,
    world: Any,
    fields: dict[str, str],
    field: str,
    said: str,
    status: int,
) -> None:
    login(client, "max")
    before, labels = _version(session), _labels(session)
    answer = _post(client, "/projects/news/labels", **_added(**({"color": "#123456"} | fields)))
    page = answer.get_data(as_text=True)
    assert answer.status_code == status
    errors = page[page.index(f'id="span_labels-{field}-errors"') :]
    assert said in errors[: errors.index("</ul>")]
    assert _version(session) == before and _labels(session) == labels


def test_a_new_name_renames_the_label_in_every_layer_and_relation_type(
    client: FlaskClient, session: Session, world: Any
) -> None:
    login(client, "max")
    answer = _post(
        client,
        "/projects/news/labels/edit?label=CUE",
        name="CUE_WORD",
        key="w",
        color="#00aa00",
        description="The attribution verb",
        # The spans were made under the old description: saved once confirmed.
        confirm_meaning="Save anyway",
    )
    assert answer.status_code == 302
    labels = _labels(session)
    assert "CUE" not in labels
    assert labels["CUE_WORD"]["key"] == "w" and labels["CUE_WORD"]["color"] == "#00aa00"
    assert session.scalars(select(Span.label)).all() == ["CUE_WORD", "CUE_WORD"]
    project = session.scalar(select(Project).where(Project.slug == "news"))
    assert project is not None
    cued_by = [r for r in project.schema["relation_types"] if r["name"] == "CUED_BY"]
    assert cued_by and cued_by[0]["to"] == ["CUE_WORD"]
    page = client.get("/projects/news/labels").get_data(as_text=True)
    assert "Span label CUE_WORD is saved, renamed from CUE in every layer" in page


def test_renaming_onto_another_label_is_refused_not_merged(
    client: FlaskClient, session: Session, world: Any
) -> None:
    login(client, "max")
    before = _version(session)
    answer = _post(client, "/projects/news/labels/edit?label=CUE", name="SOURCE", color="#000000")
    assert answer.status_code == 409
    assert "to merge two, rename one" in answer.get_data(as_text=True)
    assert _version(session) == before
    assert session.scalars(select(Span.label)).all() == ["CUE", "CUE"]


def test_a_label_in_use_is_not_removed_and_an_unused_one_is(
    client: FlaskClient, session: Session, world: Any
) -> None:
    login(client, "max")
    before = _version(session)
    answer = _post(client, "/projects/news/labels/remove?label=BIASED_WORD")
    assert answer.status_code == 302 and "BIASED_WORD" not in _labels(session)
    assert _version(session) == before + 1
    used = _post(client, "/projects/news/labels/remove?label=CLAIM")
    # CLAIM is named by relation types: the schema's rule refuses, naming the relation type.
    # It said "relation_types[0] 'ATTRIBUTED_TO': 'from' names unknown span labels ['CLAIM']".
    said = "Not removed: relation type ATTRIBUTED_TO goes from it; change its ends first"
    assert used.status_code == 422 and said in used.get_data(as_text=True)
    _post(client, "/projects/news/labels", **_added(name="QUOTE", color="#123456"))
    span = session.scalars(select(Span)).first()
    assert span is not None
    span.label = "QUOTE"
    session.commit()
    refused = _post(client, "/projects/news/labels/remove?label=QUOTE")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 409
    said = "Not removed: the change would remove what is still used: QUOTE is used by 1 span"
    assert said in page
    assert "QUOTE" in _labels(session)


def test_an_unknown_label_is_not_found(client: FlaskClient, world: Any) -> None:
    login(client, "max")
    assert client.get("/projects/news/labels/edit?label=NOPE").status_code == 404
    assert _post(client, "/projects/news/labels/remove?label=NOPE").status_code == 404


@pytest.mark.parametrize(("who", "status"), [("alice", 403), ("rita", 403), ("carol", 404)])
def test_only_admins_and_managers_reach_the_labels_page(
    client: FlaskClient, session: Session, make_user: Any, world: Any, who: str, status: int
) -> None:
    """alice annotates the project and rita reviews it: they see it, not change it; carol
    has nothing in it and is told it does not exist."""
    if who == "carol":
        make_user("carol", "annotator")
    login(client, who)
    before = _version(session)
    assert client.get("/projects/news/labels").status_code == status
    token = csrf_token_from(client.get("/account/tokens").get_data(as_text=True))
    answer = client.post(
        "/projects/news/labels",
        data={"csrf_token": token, **_added(name="X", color="#000000")},
    )
    assert answer.status_code == status and _version(session) == before


def test_a_post_without_the_csrf_token_changes_nothing(
    client: FlaskClient, session: Session, world: Any
) -> None:
    login(client, "max")
    before = _version(session)
    answer = client.post("/projects/news/labels", data=_added(name="X", color="#000000"))
    assert answer.status_code == 403 and _version(session) == before


def _values(session: Session, field: str) -> tuple[list[str], list[str | None] | None]:
    """Return the values of a sentence label field and its keys (None: it has no keys)."""
    session.expire_all()
    project = session.scalar(select(Project).where(Project.slug == "news"))
    assert project is not None
    entry = next(f for f in project.schema["sentence_labels"] if f["name"] == field)
    return entry["values"], entry.get("keys")


@pytest.fixture
def stance_world(session: Session, world: Any) -> Any:
    """world, with alice's first sentence labelled stance AGAINST."""
    from annotator.models import User
    from annotator.services.annotation.labels import set_label

    alice = session.scalar(select(User).where(User.username == "alice"))
    assert alice is not None
    set_label(session, open_layer(session, alice, world.document, None), 0, "stance", "AGAINST")
    session.commit()
    return world


def test_the_labels_page_links_each_value_list(client: FlaskClient, world: Any) -> None:
    login(client, "max")
    page = client.get("/projects/news/labels").get_data(as_text=True)
    for field in ("stance", "document:genre", "CLAIM.claimer"):
        assert f'href="/projects/news/labels/values?field={field}"' in page
    values = client.get("/projects/news/labels/values?field=stance").get_data(as_text=True)
    assert "<li>NONE <kbd>n</kbd>\n" in values


def test_a_value_is_added_after_the_others_with_no_key(
    client: FlaskClient, session: Session, stance_world: Any
) -> None:
    login(client, "max")
    url = "/projects/news/labels/values/add?field=stance"
    answer = _post(client, url, **{"add-value": "NEUTRAL"})
    assert answer.status_code == 302
    assert _values(session, "stance") == (
        ["FAVOR", "AGAINST", "NONE", "NEUTRAL"],
        ["f", "a", "n", None],
    )
    again = _post(client, url, **{"add-value": "NEUTRAL"})
    assert again.status_code == 409 and "has the value &#39;NEUTRAL&#39; already" in again.get_data(
        as_text=True
    )


def test_a_renamed_value_is_renamed_in_every_layer(
    client: FlaskClient, session: Session, stance_world: Any
) -> None:
    from annotator.models import LabelValue

    login(client, "max")
    url = "/projects/news/labels/values/rename?field=stance"
    taken = _post(client, url, **{"rename-value": "AGAINST", "rename-new": "FAVOR"})
    page = taken.get_data(as_text=True)
    assert taken.status_code == 409
    assert "has the value &#39;FAVOR&#39; already" in page[page.index('id="rename-new-errors"') :]
    answer = _post(client, url, **{"rename-value": "AGAINST", "rename-new": "OPPOSE"})
    assert answer.status_code == 302
    assert _values(session, "stance") == (["FAVOR", "OPPOSE", "NONE"], ["f", "a", "n"])
    assert session.scalars(select(LabelValue.value)).all() == ["OPPOSE"]


def test_a_used_value_is_not_removed_and_an_unused_one_goes_with_its_key(
    client: FlaskClient, session: Session, stance_world: Any
) -> None:
    login(client, "max")
    url = "/projects/news/labels/values/remove?field=stance"
    used = _post(client, url, **{"remove-value": "AGAINST"})
    page = used.get_data(as_text=True)
    assert used.status_code == 409
    errors = page[page.index('id="remove-value-errors"') :]
    assert "value AGAINST of stance is used by 1 label value in 1 document" in errors
    assert _values(session, "stance") == (["FAVOR", "AGAINST", "NONE"], ["f", "a", "n"])
    assert _post(client, url, **{"remove-value": "FAVOR"}).status_code == 302
    assert _values(session, "stance") == (["AGAINST", "NONE"], ["a", "n"])
    missing = _post(client, url, **{"remove-value": "MAYBE"})  # not one of the choices
    assert missing.status_code == 400


def test_attribute_and_document_label_values_are_edited_too(
    client: FlaskClient, session: Session, world: Any
) -> None:
    login(client, "max")
    add = "/projects/news/labels/values/add?field=CLAIM.claimer"
    assert _post(client, add, **{"add-value": "OFFICIAL"}).status_code == 302
    rename = "/projects/news/labels/values/rename?field=document:genre"
    assert (
        _post(client, rename, **{"rename-value": "NEWS", "rename-new": "REPORT"}).status_code == 302
    )
    session.expire_all()
    project = session.scalar(select(Project).where(Project.slug == "news"))
    assert project is not None
    claim = next(e for e in project.schema["span_labels"] if e["name"] == "CLAIM")
    assert claim["attributes"][0]["values"] == ["REPORTED", "JOURNALIST", "OFFICIAL"]
    assert project.schema["document_labels"][0]["values"][0] == "REPORT"


@pytest.mark.parametrize("field", ["nope", "SOURCE.who", "CLAIM", ""])
def test_a_field_without_values_is_not_found(client: FlaskClient, world: Any, field: str) -> None:
    login(client, "max")
    assert client.get(f"/projects/news/labels/values?field={field}").status_code == 404
    url = f"/projects/news/labels/values/add?field={field}"
    assert _post(client, url, **{"add-value": "X"}).status_code == 404


@pytest.fixture
def linked(session: Session, world: Any) -> Any:
    """world, with alice's CLAIM attributed to her SOURCE."""
    from annotator.models import User
    from annotator.services.annotation.relations import add_relation

    alice = session.scalar(select(User).where(User.username == "alice"))
    assert alice is not None
    layer = open_layer(session, alice, world.document, None)
    claim = add_span(session, layer, "CLAIM", 30, 47)
    source = add_span(session, layer, "SOURCE", 0, 9)
    add_relation(session, layer, "ATTRIBUTED_TO", claim.id, source.id)
    session.commit()
    return world


def _types(session: Session) -> dict[str, dict[str, Any]]:
    session.expire_all()
    project = session.scalar(select(Project).where(Project.slug == "news"))
    assert project is not None
    return {entry["name"]: entry for entry in project.schema["relation_types"]}


def test_the_page_lists_each_relation_type_with_its_ends_and_uses(
    client: FlaskClient, linked: Any
) -> None:
    login(client, "max")
    page = client.get("/projects/news/labels").get_data(as_text=True)
    row = page[page.index(">ATTRIBUTED_TO") :]
    row = row[: row.index("</tr>")]
    assert 'data-label="From">CLAIM</td>' in row and 'data-label="To">SOURCE</td>' in row
    assert 'data-label="Relations">1</td>' in row
    assert 'href="/projects/news/labels/relations/edit?type=ATTRIBUTED_TO"' in row


def test_a_relation_type_is_added_with_its_ends_chosen(
    client: FlaskClient, session: Session, world: Any
) -> None:
    login(client, "max")
    url = "/projects/news/labels/relations"
    token = csrf_token_from(client.get("/projects/news/labels").get_data(as_text=True))
    fields = {
        "csrf_token": token,
        "relation_types-name": "QUOTED_BY",
        "relation_types-from_labels": ["CLAIM", "BIASED_WORD"],
        "relation_types-to_labels": "SOURCE",
        "relation_types-max_per_source": "2",
        "relation_types-description": "Who is quoted",
    }
    assert client.post(url, data=fields).status_code == 302
    added = _types(session)["QUOTED_BY"]
    assert (added["from"], added["to"], added["max_per_source"]) == (
        ["CLAIM", "BIASED_WORD"],
        ["SOURCE"],
        2,
    )
    again = client.post(url, data=fields)
    assert (
        again.status_code == 409
        and "relation type &#39;QUOTED_BY&#39; already" in again.get_data(as_text=True)
    )
    no_end = client.post(
        url, data=fields | {"relation_types-name": "X", "relation_types-to_labels": []}
    )
    page = no_end.get_data(as_text=True)
    assert no_end.status_code == 422
    assert (
        "&#39;to&#39; must be a non-empty list"
        in page[page.index('id="relation_types-to_labels-errors"') :]
    )
    assert "X" not in _types(session)


def test_a_relation_type_renamed_is_renamed_in_every_layer_and_narrowing_it_is_refused(
    client: FlaskClient, session: Session, linked: Any
) -> None:
    from annotator.models import Relation

    login(client, "max")
    url = "/projects/news/labels/relations/edit?type=ATTRIBUTED_TO"
    fields = {
        "name": "SAID_BY",
        "from_labels": "CLAIM",
        "to_labels": "SOURCE",
        "max_per_source": "1",
    }
    assert _post(client, url, **fields).status_code == 302
    assert "SAID_BY" in _types(session) and "ATTRIBUTED_TO" not in _types(session)
    assert session.scalars(select(Relation.type)).all() == ["SAID_BY"]
    narrowed = _post(
        client,
        "/projects/news/labels/relations/edit?type=SAID_BY",
        **(fields | {"to_labels": "CUE"}),
    )
    assert narrowed.status_code == 409
    assert "relation type SAID_BY to SOURCE, which it would no longer allow" in narrowed.get_data(
        as_text=True
    )
    assert _types(session)["SAID_BY"]["to"] == ["SOURCE"]


def test_a_relation_type_in_use_is_not_removed_and_an_unused_one_is(
    client: FlaskClient, session: Session, linked: Any
) -> None:
    login(client, "max")
    used = _post(client, "/projects/news/labels/relations/remove?type=ATTRIBUTED_TO")
    assert used.status_code == 409
    assert "ATTRIBUTED_TO is used by 1 relation" in used.get_data(as_text=True)
    assert _post(client, "/projects/news/labels/relations/remove?type=CUED_BY").status_code == 302
    assert set(_types(session)) == {"ATTRIBUTED_TO"}


def test_the_edit_page_says_which_relation_types_keep_a_label_from_removal(
    client: FlaskClient, world: Any
) -> None:
    """CLAIM is used by no span here, and its page said only that: the Remove button then met
    a refusal naming relation_types[0]. BIASED_WORD is named by no relation type."""
    login(client, "max")
    page = client.get("/projects/news/labels/edit?label=CLAIM").get_data(as_text=True)
    said = page[page.index('id="named-by-relations"') : page.index("</p>", page.index("named-by"))]
    assert "Relation types ATTRIBUTED_TO, CUED_BY name it at their ends" in " ".join(said.split())
    assert 'href="/projects/news/labels#relation-types"' in said
    source = client.get("/projects/news/labels/edit?label=SOURCE").get_data(as_text=True)
    said = source[source.index('id="named-by-relations"') :]
    assert "The relation type ATTRIBUTED_TO names it at its ends" in " ".join(said.split())
    other = client.get("/projects/news/labels/edit?label=BIASED_WORD").get_data(as_text=True)
    assert "named-by-relations" not in other


@pytest.mark.parametrize(
    ("kind", "url"),
    [("sentence_labels", "sentence-labels"), ("document_labels", "document-labels")],
)
def test_a_label_field_is_added_with_its_values(
    client: FlaskClient, session: Session, world: Any, kind: str, url: str
) -> None:
    """Values one per line, blank lines dropped; a field with no value is refused at Values."""
    login(client, "max")
    fields = {
        f"{kind}-name": "framing",
        f"{kind}-values": "CONFLICT\n\n  ECONOMIC  \nHUMAN_INTEREST\n",
        f"{kind}-multiple": "y",
        f"{kind}-description": "How the story is told",
    }
    answer = _post(client, f"/projects/news/labels/{url}", **fields)
    assert answer.status_code == 302
    session.expire_all()
    project = session.scalar(select(Project).where(Project.slug == "news"))
    assert project is not None
    added = next(f for f in project.schema[kind] if f["name"] == "framing")
    assert added["values"] == ["CONFLICT", "ECONOMIC", "HUMAN_INTEREST"]
    assert added["multiple"] is True and added["description"] == "How the story is told"
    empty = _post(
        client,
        f"/projects/news/labels/{url}",
        **(fields | {f"{kind}-name": "x", f"{kind}-values": "\n"}),
    )
    page = empty.get_data(as_text=True)
    assert empty.status_code == 422
    assert (
        "&#39;values&#39; must be a non-empty list"
        in page[page.index(f'id="{kind}-values-errors"') :]
    )


@pytest.mark.parametrize(
    ("url", "kind", "fields", "field"),
    [
        (  # the words of the message matched ": key ", in the name it quotes: said at Key
            "",
            "span_labels",
            {"name": "Claim: key point", "color": "#123456", "key": "u"},
            "name",
        ),
        (  # and ": the value ": said at Values
            "/document-labels",
            "document_labels",
            {"name": "Tone: the value given", "values": "CALM"},
            "name",
        ),
        (
            "/relations",
            "relation_types",
            {
                "name": "QUOTED",
                "from_labels": "CLAIM",
                "to_labels": "SOURCE",
                "max_per_source": "0",
            },
            "max_per_source",
        ),
        (  # refused as stance's value FAVOR's key, which the new label's key takes first
            "",
            "span_labels",
            {"name": "QUOTE", "color": "#123456", "key": "f"},
            "key",
        ),
    ],
)
def test_a_refusal_is_said_at_the_field_its_details_name(
    client: FlaskClient,
    session: Session,
    world: Any,
    url: str,
    kind: str,
    fields: dict[str, str],
    field: str,
) -> None:
    login(client, "max")
    before = _version(session)
    answer = _post(
        client,
        f"/projects/news/labels{url}",
        **{f"{kind}-{name}": value for name, value in fields.items()},
    )
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422
    errors = page[page.index(f'id="{kind}-{field}-errors"') :]
    assert "<li>" in errors[: errors.index("</ul>")]
    assert page.count('class="field__errors"') == 1  # said there only
    assert _version(session) == before


def _offered_colour(page: str) -> str:
    """The colour the add-a-span-label form starts with."""
    at = page.index('id="span_labels-color"')
    tag = page[page.rindex("<input", 0, at) : page.index(">", at)]
    return tag[tag.index('value="') + 7 :][:7]


def test_the_add_form_offers_a_colour_no_label_has(
    client: FlaskClient, session: Session, world: Any
) -> None:
    # It offered SOURCE's blue: a label added without choosing a colour looked like SOURCE.
    login(client, "max")
    taken = {entry["color"] for entry in _labels(session).values()}
    offered = _offered_colour(client.get("/projects/news/labels").get_data(as_text=True))
    assert offered not in taken
    _post(client, "/projects/news/labels", **_added(name="QUOTE", color=offered))
    taken = {entry["color"] for entry in _labels(session).values()}
    assert len(taken) == len(_labels(session))
    assert _offered_colour(client.get("/projects/news/labels").get_data(as_text=True)) not in taken


@pytest.mark.parametrize(
    ("fields", "field", "said"),
    [
        (
            {"name": "QUOTE", "key": "c"},
            "key",
            "key &#39;c&#39; is already used by span label CLAIM",
        ),
        (
            {"name": "QUOTE", "key": "a"},
            "key",
            "key &#39;a&#39; is already used by sentence label stance, value AGAINST",
        ),
        (
            {"name": "QUOTE", "key": "j"},
            "key",
            "key &#39;j&#39; is reserved by the workspace (the next sentence)",
        ),
        (  # taken first by this label, refused at stance's FAVOR: said from this side
            {"name": "QUOTE", "key": "f"},
            "key",
            "key &#39;f&#39; is already used by sentence label stance, value FAVOR",
        ),
        (  # a name holding ": " is no place to cut the message at
            {"name": "Claim: key point"},
            "name",
            "&#39;name&#39; must be a name of letters, digits, &#39;_&#39;, &#39;:&#39; or "
            "&#39;-&#39;, got &#39;Claim: key point&#39;",
        ),
    ],
)
def test_a_refusal_at_a_field_names_entries_as_a_lead_knows_them(
    client: FlaskClient, world: Any, fields: dict[str, str], field: str, said: str
) -> None:
    # It said "span_labels[4] 'QUOTE': key 'c' is already used by span_labels[0] 'CLAIM'":
    # the schema file's places, which the labels page never shows.
    login(client, "max")
    answer = _post(client, "/projects/news/labels", **_added(**({"color": "#123456"} | fields)))
    page = answer.get_data(as_text=True)
    errors = page[page.index(f'id="span_labels-{field}-errors"') :]
    assert errors[: errors.index("</ul>")].split("<li>")[1].split("</li>")[0] == said
    assert "span_labels[" not in page and "sentence_labels[" not in page


def _error_said(page: str, field_id: str) -> str:
    """The one error said at the field ``field_id``."""
    errors = page[page.index(f'id="{field_id}-errors"') :]
    return errors[: errors.index("</ul>")].split("<li>")[1].split("</li>")[0]


def test_a_role_refused_is_said_by_its_role_not_as_the_schema_s_roles(
    client: FlaskClient, session: Session, world: Any
) -> None:
    # A relation type named like the span label CLAIM cannot play a role too: one name, one
    # role. It said "the schema: roles: 'CLAIM' is given two roles...", the schema file's words.
    login(client, "max")
    added = {"name": "CLAIM", "from_labels": "CLAIM", "to_labels": "SOURCE"}
    answer = _post(
        client,
        "/projects/news/labels/relations",
        **{f"relation_types-{k}": v for k, v in added.items()},
    )
    assert answer.status_code == 302, answer.get_data(as_text=True)
    before = _version(session)
    answer = _post(
        client, "/projects/news/labels/relations/edit?type=CLAIM", **added, role="ATTRIBUTED_TO"
    )
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert _error_said(page, "role") == (
        "role ATTRIBUTED_TO: &#39;CLAIM&#39; is given two roles, CLAIM and ATTRIBUTED_TO; "
        "a label plays one"
    )
    assert _version(session) == before


def test_the_last_value_refused_removal_is_said_without_the_schema_s_places(
    client: FlaskClient, session: Session, world: Any
) -> None:
    # It said "document_labels[1] 'tone': 'values' must be a non-empty list".
    login(client, "max")
    fields = {"document_labels-name": "tone", "document_labels-values": "CALM"}
    assert _post(client, "/projects/news/labels/document-labels", **fields).status_code == 302
    before = _version(session)
    url = "/projects/news/labels/values/remove?field=document:tone"
    answer = _post(client, url, **{"remove-value": "CALM"})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert _error_said(page, "remove-value") == "&#39;values&#39; must be a non-empty list"
    assert "document_labels[" not in page
    assert _version(session) == before


@pytest.mark.parametrize(
    ("kind", "url"),
    [("sentence_labels", "sentence-labels"), ("document_labels", "document-labels")],
)
def test_a_label_field_may_be_added_required_with_the_settings_page_s_checkbox(
    client: FlaskClient, session: Session, world: Any, kind: str, url: str
) -> None:
    """The add form offers Required, worded as the field's settings page words it; a span
    label's attribute form does not (an attribute is never required)."""
    login(client, "max")
    page = client.get("/projects/news/labels").get_data(as_text=True)
    assert f'name="{kind}-required"' in page
    settings = client.get("/projects/news/labels/fields/edit?field=stance").get_data(as_text=True)
    hint = "before its annotator may mark the document done"
    assert hint in page[page.index(f'name="{kind}-required"') :] and hint in settings
    fields = {f"{kind}-name": "framing", f"{kind}-values": "CONFLICT\nNONE"}
    answer = _post(client, f"/projects/news/labels/{url}", **fields, **{f"{kind}-required": "y"})
    assert answer.status_code == 302
    session.expire_all()
    project = session.scalar(select(Project).where(Project.slug == "news"))
    assert project is not None
    added = next(f for f in project.schema[kind] if f["name"] == "framing")
    assert added["required"] is True
    _post(client, f"/projects/news/labels/{url}", **(fields | {f"{kind}-name": "tone"}))
    session.expire_all()
    assert "required" not in next(f for f in project.schema[kind] if f["name"] == "tone")
    claim = client.get("/projects/news/labels/edit?label=CLAIM").get_data(as_text=True)
    assert 'name="attribute-name"' in claim and 'name="attribute-required"' not in claim
