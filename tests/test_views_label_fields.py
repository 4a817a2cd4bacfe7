"""The labels page's field pages: a label field's target, order, keys per value and whether it
takes several values, a span label's attributes added, changed and removed; what annotations
would break is refused with the counts, and every change is a schema version."""

from __future__ import annotations

import copy
from html import unescape
from types import SimpleNamespace
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.models import AuditEntry, Document, LabelValue, Project, Span, User
from annotator.services.accounts.project_admin import edit_project
from annotator.services.annotation.labels import set_label
from annotator.services.annotation.layers import open_layer
from annotator.services.annotation.spans import add_span
from tests.helpers import csrf_token_from, login, logout

TEXT = "Officials said on Monday that talks had failed. The ministry denied it."


@pytest.fixture
def world(session: Session, make_world: Any, assign: Any) -> SimpleNamespace:
    """Project news, max its manager. stance and CLAIM.claimer take lists; alice gave the first
    sentence's stance as a list and her CLAIM a claimer, rita's gold CLAIM a list of two."""
    made = make_world(
        {"max": "annotator", "alice": "annotator", "rita": "reviewer"},
        slug="news",
        name="News",
        members={"max": "manager"},
        document=(TEXT, None),
    )
    project, alice, document = made.project, made.alice, made.document
    schema = copy.deepcopy(project.schema)
    next(f for f in schema["sentence_labels"] if f["name"] == "stance")["multiple"] = True
    schema["span_labels"][0]["attributes"][0]["multiple"] = True
    edit_project(session, project, None, schema=schema)
    assign(document, alice)
    layer = open_layer(session, alice, document, None)
    add_span(session, layer, "CLAIM", 30, 46, {"claimer": ["REPORTED"]})
    gold = open_layer(session, made.rita, document, "gold")
    add_span(session, gold, "CLAIM", 30, 46, {"claimer": ["REPORTED", "JOURNALIST"]})
    set_label(session, layer, 0, "stance", ["FAVOR", "AGAINST"])
    session.commit()
    return SimpleNamespace(project=project)


def _post(client: FlaskClient, url: str, **fields: str) -> Any:
    token = csrf_token_from(client.get("/projects/news/labels").get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **fields})


def _schema(session: Session) -> dict[str, Any]:
    session.expire_all()
    project = session.scalar(select(Project).where(Project.slug == "news"))
    assert project is not None
    return project.schema | {"version": project.schema_version}


def _field(schema: dict[str, Any], kind: str, name: str) -> dict[str, Any]:
    return next(f for f in schema[kind] if f["name"] == name)


def _errors(page: str, field_id: str) -> str:
    errors = page[page.index(f'id="{field_id}-errors"') :]
    return errors[: errors.index("</ul>")]


#: The settings of stance as the form posts them, kept as the seed schema has them.
STANCE = {
    "description": "The sentence's stance toward the target.",
    "multiple": "y",
    "target": "Russian foreign policy",
    "keys-0": "f",
    "keys-1": "a",
    "keys-2": "n",
}


def test_the_labels_page_links_each_field_s_settings(client: FlaskClient, world: Any) -> None:
    login(client, "max")
    page = client.get("/projects/news/labels").get_data(as_text=True)
    assert 'href="/projects/news/labels/fields/edit?field=stance"' in page
    assert 'href="/projects/news/labels/fields/edit?field=document:genre"' in page
    stance = client.get("/projects/news/labels/fields/edit?field=stance").get_data(as_text=True)
    assert 'value="Russian foreign policy"' in stance
    assert 'for="keys-0">FAVOR</label>' in stance and 'value="f"' in stance
    genre = client.get("/projects/news/labels/fields/edit?field=document:genre")
    assert genre.status_code == 200 and 'id="keys-0"' not in genre.get_data(as_text=True)
    attribute = client.get("/projects/news/labels/fields/edit?field=CLAIM.claimer")
    assert 'id="target"' not in attribute.get_data(as_text=True)


def test_a_sentence_field_s_target_order_and_keys_are_saved_as_a_new_version(
    client: FlaskClient, session: Session, world: Any
) -> None:
    login(client, "max")
    before = _schema(session)["version"]
    changed = STANCE | {"target": "NATO", "ordinal": "y", "keys-0": "", "keys-2": "x"}
    url = "/projects/news/labels/fields/edit?field=stance"
    # alice gave a stance value: a new target asks first, naming it, and saves nothing.
    asked = _post(client, url, **changed)
    assert asked.status_code == 409
    page = asked.get_data(as_text=True)
    assert "stance: target changed from &#39;Russian foreign policy&#39; to &#39;NATO&#39;" in page
    assert (
        "1 value in 1 document (gold: 0) was given toward &#39;Russian foreign policy&#39;" in page
    )
    assert 'name="confirm_meaning"' in page
    assert _schema(session)["version"] == before
    answer = _post(client, url, **changed, confirm_meaning="Save anyway")
    assert answer.status_code == 302, answer.get_data(as_text=True)
    schema = _schema(session)
    stance = _field(schema, "sentence_labels", "stance")
    assert (stance["target"], stance["ordinal"]) == ("NATO", True)
    assert stance["keys"] == [None, "a", "x"]
    assert stance["multiple"] is True and stance["values"] == ["FAVOR", "AGAINST", "NONE"]
    assert schema["version"] == before + 1
    audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "project.update"))
    assert any(entry.after and "schema_version" in entry.after for entry in audit)
    page = client.get("/projects/news/labels/fields/edit?field=stance").get_data(as_text=True)
    assert "The settings of the sentence label stance are saved" in page and 'value="NATO"' in page


def test_an_empty_target_removes_it(client: FlaskClient, session: Session, world: Any) -> None:
    login(client, "max")
    answer = _post(
        client,
        "/projects/news/labels/fields/edit?field=stance",
        **STANCE | {"target": "", "confirm_meaning": "y"},
    )
    assert answer.status_code == 302
    assert _field(_schema(session), "sentence_labels", "stance")["target"] is None


@pytest.mark.parametrize(
    ("keys", "at", "said"),
    [
        # They said "span_labels[0] 'CLAIM'" and "sentence_labels[1] 'stance' value 'NONE': key
        # 'f'...": places in a schema file the page never shows.
        ({"keys-1": "c"}, "keys-1", "key &#39;c&#39; is already used by span label CLAIM"),
        (
            {"keys-2": "f"},
            "keys-2",
            "key &#39;f&#39; is already used by sentence label stance, value FAVOR",
        ),
        ({"keys-0": "j"}, "keys-0", "key &#39;j&#39; is reserved by the workspace"),
    ],
)
def test_a_refused_key_is_said_at_its_value_s_field(
    client: FlaskClient, session: Session, world: Any, keys: dict[str, str], at: str, said: str
) -> None:
    login(client, "max")
    before = _schema(session)
    answer = _post(client, "/projects/news/labels/fields/edit?field=stance", **STANCE | keys)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert said in _errors(page, at)
    assert "span_labels[" not in page and "sentence_labels[" not in page
    assert page.count('class="field__errors"') == 1
    typed = page[page.index(f'id="{at}"') :]
    assert f'value="{keys[at]}"' in typed[: typed.index(">")]  # what was typed, kept
    assert _schema(session) == before


def test_a_field_holding_lists_is_not_made_single_and_the_counts_are_said(
    client: FlaskClient, session: Session, world: Any
) -> None:
    login(client, "max")
    before = _schema(session)
    single = {k: v for k, v in STANCE.items() if k != "multiple"}
    answer = _post(client, "/projects/news/labels/fields/edit?field=stance", **single)
    assert answer.status_code == 409
    said = _errors(answer.get_data(as_text=True), "multiple")
    assert "sentence label stance with lists of values, which would take one value" in said
    assert "1 label value in 1 document (gold: 0)" in said
    assert _schema(session) == before
    # The same for an attribute: one span in gold holds a list of two, alice's a list of one.
    answer = _post(
        client,
        "/projects/news/labels/fields/edit?field=CLAIM.claimer",
        description="Who claims it",
    )
    assert answer.status_code == 409
    assert "2 spans in 1 document (gold: 1)" in _errors(answer.get_data(as_text=True), "multiple")
    assert _schema(session) == before


def test_a_used_field_is_not_removed_and_an_unused_one_is(
    client: FlaskClient, session: Session, world: Any
) -> None:
    login(client, "max")
    used = _post(client, "/projects/news/labels/fields/remove?field=stance")
    assert used.status_code == 409
    assert "stance is used by 1 label value in 1 document" in used.get_data(as_text=True)
    gone = _post(client, "/projects/news/labels/fields/remove?field=document:genre")
    assert gone.status_code == 302 and gone.headers["Location"].endswith("/projects/news/labels")
    schema = _schema(session)
    assert "genre" not in [f["name"] for f in schema["document_labels"]]
    assert "stance" in [f["name"] for f in schema["sentence_labels"]]


def test_an_attribute_is_added_to_a_span_label(
    client: FlaskClient, session: Session, world: Any
) -> None:
    login(client, "max")
    edit = client.get("/projects/news/labels/edit?label=SOURCE").get_data(as_text=True)
    assert 'action="/projects/news/labels/attributes?label=SOURCE"' in edit
    answer = _post(
        client,
        "/projects/news/labels/attributes?label=SOURCE",
        **{
            "attribute-name": "kind",
            "attribute-values": "PERSON\nORGANISATION\n\nDOCUMENT",
            "attribute-description": "Who or what the source is",
        },
    )
    assert answer.status_code == 302
    source = _schema(session)["span_labels"][1]
    assert source["attributes"] == [
        {
            "name": "kind",
            "values": ["PERSON", "ORGANISATION", "DOCUMENT"],
            "multiple": False,
            "description": "Who or what the source is",
        }
    ]
    page = client.get("/projects/news/labels/edit?label=SOURCE").get_data(as_text=True)
    assert "The attribute kind of SOURCE is added" in page
    assert 'href="/projects/news/labels/fields/edit?field=SOURCE.kind"' in page


@pytest.mark.parametrize(
    ("fields", "at", "said", "status"),
    [
        ({"attribute-name": "claimer", "attribute-values": "X"}, "name", "already", 409),
        ({"attribute-name": "who", "attribute-values": "\n"}, "values", "non-empty list", 422),
        ({"attribute-name": "a b", "attribute-values": "X"}, "name", "&#39;name&#39; must", 422),
        (
            {"attribute-name": "who", "attribute-values": "X\nX"},
            "values",
            "&#39;X&#39; appears twice",
            422,
        ),
    ],
)
def test_a_refused_attribute_is_said_at_its_field(
    client: FlaskClient,
    session: Session,
    world: Any,
    fields: dict[str, str],
    at: str,
    said: str,
    status: int,
) -> None:
    login(client, "max")
    before = _schema(session)
    answer = _post(client, "/projects/news/labels/attributes?label=CLAIM", **fields)
    page = answer.get_data(as_text=True)
    assert answer.status_code == status
    assert said in _errors(page, f"attribute-{at}")
    assert "span_labels[" not in page  # it said "span_labels[0] 'CLAIM'.attributes[2] 'who'..."
    assert '<details class="add-entry" id="add-attribute" open>' in page
    assert _schema(session) == before


def test_a_used_attribute_is_not_removed_and_an_unused_one_is(
    client: FlaskClient, session: Session, world: Any
) -> None:
    login(client, "max")
    used = _post(client, "/projects/news/labels/fields/remove?field=CLAIM.claimer")
    assert used.status_code == 409
    assert "attribute CLAIM.claimer is used by 2 spans in 1 document (gold: 1)" in used.get_data(
        as_text=True
    )
    gone = _post(client, "/projects/news/labels/fields/remove?field=BIASED_WORD.type")
    assert gone.status_code == 302
    assert gone.headers["Location"].endswith("/projects/news/labels/edit?label=BIASED_WORD")
    assert _schema(session)["span_labels"][3]["attributes"] == []
    assert _schema(session)["span_labels"][0]["attributes"][0]["name"] == "claimer"


def test_an_unknown_field_is_not_found_and_annotators_may_not(
    client: FlaskClient, world: Any
) -> None:
    login(client, "max")
    assert client.get("/projects/news/labels/fields/edit?field=nope").status_code == 404
    logout(client)
    login(client, "alice")
    assert client.get("/projects/news/labels/fields/edit?field=stance").status_code in (403, 404)


def _values(session: Session) -> list[tuple[str, Any]]:
    return [
        tuple(row)
        for row in session.execute(
            select(LabelValue.name, LabelValue.value).order_by(LabelValue.id)
        )
    ]


@pytest.mark.parametrize(
    ("field", "posted", "renamed", "where"),
    [
        ("stance", STANCE, "stance_toward", "stance_toward"),
        (
            "document:genre",
            {"description": "What kind of text the article is."},
            "text_type",
            "document:text_type",
        ),
    ],
)
def test_a_label_field_is_renamed_on_its_page_keeping_its_values(
    client: FlaskClient,
    session: Session,
    world: Any,
    field: str,
    posted: dict[str, str],
    renamed: str,
    where: str,
) -> None:
    login(client, "max")
    page = client.get(f"/projects/news/labels/fields/edit?field={field}").get_data(as_text=True)
    old = field.removeprefix("document:")
    assert 'id="name" name="name"' in page and f'value="{old}"' in page
    document = session.scalar(select(Document))
    assert document is not None
    layer = open_layer(
        session, session.scalar(select(User).where(User.username == "alice")), document, None
    )
    set_label(session, layer, None, "genre", "NEWS")
    session.commit()
    before = _schema(session)
    values_before = _values(session)
    answer = _post(
        client, f"/projects/news/labels/fields/edit?field={field}", **posted | {"name": renamed}
    )
    assert answer.status_code == 302, answer.get_data(as_text=True)
    assert answer.headers["Location"].endswith(f"/projects/news/labels/fields/edit?field={where}")
    schema = _schema(session)
    assert schema["version"] == before["version"] + 1
    kind = "document_labels" if field.startswith("document:") else "sentence_labels"
    assert renamed in [f["name"] for f in schema[kind]] and old not in [
        f["name"] for f in schema[kind]
    ]
    assert _values(session) == [(renamed if n == old else n, v) for n, v in values_before]
    shown = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert f"{old} is now {renamed}, in every layer" in shown and f'value="{renamed}"' in shown
    audit = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert audit is not None and audit.after["renames"]["fields"] == {
        kind.split("_")[0]: {old: renamed}
    }


def test_an_attribute_is_renamed_on_its_page_in_every_span(
    client: FlaskClient, session: Session, world: Any
) -> None:
    login(client, "max")
    answer = _post(
        client,
        "/projects/news/labels/fields/edit?field=CLAIM.claimer",
        name="claimant",
        description="Who claims it",
        multiple="y",
        # The spans carry values given under the old description: saved once confirmed.
        confirm_meaning="Save anyway",
    )
    assert answer.status_code == 302, answer.get_data(as_text=True)
    assert answer.headers["Location"].endswith("/labels/fields/edit?field=CLAIM.claimant")
    session.expire_all()
    assert sorted(map(str, session.scalars(select(Span.attributes)))) == [
        "{'claimant': ['REPORTED', 'JOURNALIST']}",
        "{'claimant': ['REPORTED']}",
    ]
    claim = _schema(session)["span_labels"][0]
    assert claim["attributes"][0] | {} == {
        "name": "claimant",
        "values": ["REPORTED", "JOURNALIST"],
        "multiple": True,
        "description": "Who claims it",
    }


@pytest.mark.parametrize(
    ("field", "posted", "said"),
    [
        (
            "stance",
            STANCE | {"name": "bias"},
            "the name &#39;bias&#39; is taken by another sentence label; choose another",
        ),
        ("stance", STANCE | {"name": "  "}, "Give it a name."),
        ("stance", STANCE | {"name": "a b"}, "&#39;name&#39; must be a name"),
        (
            "CLAIM.claimer",
            {"name": "who m", "multiple": "y"},
            "got &#39;who m&#39;",
        ),
    ],
)
def test_a_refused_name_is_said_at_the_name_and_changes_nothing(
    client: FlaskClient, session: Session, world: Any, field: str, posted: dict[str, str], said: str
) -> None:
    login(client, "max")
    before = _schema(session), _values(session)
    answer = _post(client, f"/projects/news/labels/fields/edit?field={field}", **posted)
    assert answer.status_code in (400, 422), answer.status_code
    page = answer.get_data(as_text=True)
    assert said in _errors(page, "name")
    # Said of the field being renamed, not as another: "sentence label a b: 'name' must...".
    assert "sentence label a b" not in page and "attribute who m" not in page
    assert page.count('class="field__errors"') == 1
    assert (_schema(session), _values(session)) == before


def test_a_field_made_required_on_its_settings_page_is_shown_and_said_in_history(
    client: FlaskClient, session: Session, world: Any
) -> None:
    login(client, "max")
    url = "/projects/news/labels/fields/edit?field=stance"
    assert 'name="required"' in client.get(url).get_data(as_text=True)
    answer = _post(client, url, **STANCE | {"required": "y"})
    assert answer.status_code == 302, answer.get_data(as_text=True)
    assert _field(_schema(session), "sentence_labels", "stance")["required"] is True
    page = client.get("/projects/news/labels").get_data(as_text=True)
    assert '<strong>stance</strong> <span class="muted">(several)</span> <span ' in page
    assert "(required)" in page
    # Unticked, it is gone from the schema again, as a schema that never had it.
    assert _post(client, url, **STANCE).status_code == 302
    assert "required" not in _field(_schema(session), "sentence_labels", "stance")


def test_a_document_field_may_be_required_and_an_attribute_may_not(
    client: FlaskClient, session: Session, world: Any
) -> None:
    login(client, "max")
    url = "/projects/news/labels/fields/edit?field=document:genre"
    assert _post(client, url, description="", required="y").status_code == 302
    assert _field(_schema(session), "document_labels", "genre")["required"] is True
    page = client.get("/projects/news/labels/fields/edit?field=CLAIM.claimer")
    assert 'name="required"' not in page.get_data(as_text=True)


@pytest.mark.parametrize(
    ("field", "named", "crumb"),
    [
        ("document:genre", "genre (document label)", "genre"),
        ("stance", "stance (sentence label)", "stance"),
        ("CLAIM.claimer", "claimer (attribute of CLAIM)", "claimer"),
    ],
)
def test_a_field_s_pages_name_it_as_users_know_it_not_by_its_key(
    client: FlaskClient, world: Any, field: str, named: str, crumb: str
) -> None:
    """ "genre (document label)", not the key of the address, ``document:genre``, which is
    kept in the addresses alone."""
    login(client, "max")
    for path, heading in (("fields/edit", named), ("values", f"Values of {named}")):
        page = unescape(client.get(f"/projects/news/labels/{path}?field={field}").get_data(True))
        assert f"<h1>{heading}</h1>" in page
        assert f"<title>{heading} · News" in page
        assert f'<span aria-current="page" title="{crumb}">{crumb}</span>' in page
        if ":" in field:  # the key only where the server reads it: in an address
            outside = page.replace(f"field={field}", "")
            assert field not in outside
