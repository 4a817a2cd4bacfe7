"""Importing a brat or CoNLL corpus from the browser (``/projects/<slug>/import``) and the API.

The page and ``POST /projects/<slug>/documents`` with a ``format`` call the service
``annotator import --format`` calls, so the rules are the command's: all or nothing, every
problem named by file and line, the label map, creating annotators, who may put work in
someone's name; these tests check them through HTTP.
"""

from __future__ import annotations

import io
import json
import zipfile
from types import SimpleNamespace
from typing import Any

import pytest
from markupsafe import escape
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from annotator.models import (
    Assignment,
    AuditEntry,
    Document,
    Layer,
    ProjectMember,
    Relation,
    Span,
    User,
)
from annotator.services.accounts import membership
from tests.helpers import csrf_token_from, login

TEXT = "Officials said the plan will cut costs.\n"
# brat's labels, which the map turns into the seed schema's SOURCE, CLAIM and ATTRIBUTED_TO.
ALICE_ANN = (
    "T1\tSource 0 9\tOfficials\n"
    "T2\tContent 15 38\tthe plan will cut costs\n"
    "R1\tAttribution Arg1:T2 Arg2:T1\n"
)
BOB_ANN = "T1\tSource 0 9\tOfficials\nT2\tCue 10 14\tsaid\n"
MAP = "Source=SOURCE,Content=CLAIM,Cue=CUE,Attribution=ATTRIBUTED_TO"
CONLL = b"Officials B-PER\nsaid O\nit O\n.\tO\n\nMoscow B-PER\ndenied O\n"


@pytest.fixture
def world(client: Any, make_world: Any) -> SimpleNamespace:
    """A project managed by mona; ada is an admin; carla annotates; nina annotates it."""
    people = {"mona": "annotator", "ada": "admin", "carla": "annotator", "nina": "annotator"}
    members = {"mona": "manager", "nina": "annotator"}
    made = make_world(people, members=members, old=("Already here.", "old"))
    return SimpleNamespace(client=client, project=made.project, token=made.tokens["ada"])


def brat_zip(files: dict[str, str]) -> bytes:
    """Return a zip of ``{path: text}``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, text in files.items():
            archive.writestr(path, text)
    return buffer.getvalue()


CORPUS = {
    "corpus/alice/one.txt": TEXT,
    "corpus/alice/one.ann": ALICE_ANN,
    "corpus/bob/one.txt": TEXT,
    "corpus/bob/one.ann": BOB_ANN,
}


def _import(
    client: Any, files: list[tuple[str, bytes]], *, csrf: bool = True, **fields: Any
) -> Any:
    page = client.get("/projects/demo/import")
    data: dict[str, Any] = {"format": "brat", **fields}
    data["files"] = [(io.BytesIO(content), name) for name, content in files]
    if csrf:
        data["csrf_token"] = csrf_token_from(page.get_data(as_text=True))
    return client.post("/projects/demo/import", data=data, content_type="multipart/form-data")


def _count(session: Session, model: Any, *where: Any) -> int:
    session.commit()  # a fresh snapshot: the requests committed in their own sessions
    return session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def _stored(session: Session) -> tuple[int, ...]:
    return tuple(_count(session, m) for m in (Document, Layer, Span, Relation, User, AuditEntry))


def test_an_admin_imports_a_brat_zip_with_a_map_creating_its_annotators(
    world: SimpleNamespace, session: Session
) -> None:
    login(world.client, "ada")
    form = world.client.get("/projects/demo/import").get_data(as_text=True)
    assert 'name="label_map"' in form and "Content-&gt;Source=ATTRIBUTED_TO" in form
    assert 'value="brat"' in form and 'value="conll"' in form
    response = _import(
        world.client, [("corpus.zip", brat_zip(CORPUS))], label_map=MAP, create_users="y"
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html
    assert '<dd data-report="created">1 new</dd>' in html
    assert '<dd data-report="layers">2 new, 0 unchanged</dd>' in html
    assert '<dd data-report="spans">4</dd>' in html
    assert '<dd data-report="relations">1</dd>' in html
    assert "Annotators: alice, bob; they are members of the project." in html
    assert "Users created: alice, bob." in html
    session.commit()
    spans = session.execute(
        select(User.username, Span.label, Span.start, Span.end)
        .join(Layer, Span.layer_id == Layer.id)
        .join(User, Layer.user_id == User.id)
        .order_by(User.username, Span.start)
    ).all()
    assert [tuple(s) for s in spans] == [
        ("alice", "SOURCE", 0, 9),
        ("alice", "CLAIM", 15, 38),
        ("bob", "SOURCE", 0, 9),
        ("bob", "CUE", 10, 14),
    ]
    assert session.scalar(select(Relation.type)) == "ATTRIBUTED_TO"
    # CONTRACT section 10: an assignment makes its annotator a member, as the CLI's import does.
    roles = dict(
        session.execute(
            select(User.username, ProjectMember.role).join(User, ProjectMember.user_id == User.id)
        ).all()
    )
    assert roles["alice"] == roles["bob"] == "annotator"
    (entry,) = session.scalars(select(AuditEntry).where(AuditEntry.action == "documents.import"))
    assert entry.actor == "ada" and entry.after["files"] == ["corpus.zip"]
    assert entry.after["annotations"]["users_created"] == ["alice", "bob"]


def test_a_conll_file_comes_in_as_the_named_annotators_layer(
    world: SimpleNamespace, session: Session
) -> None:
    login(world.client, "ada")
    response = _import(
        world.client,
        [("news.conll", CONLL)],
        format="conll",
        label_map="PER=SOURCE",
        annotator="carla",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html
    assert '<dd data-report="spans">2</dd>' in html and "Users created" not in html
    assert "Annotators: carla; they are members of the project." in html
    session.commit()
    document = session.scalars(select(Document).where(Document.external_id == "news.conll")).one()
    assert document.text == "Officials said it .\nMoscow denied"
    labels = session.execute(select(Span.label, Span.start, Span.end).order_by(Span.start)).all()
    assert [tuple(s) for s in labels] == [("SOURCE", 0, 9), ("SOURCE", 20, 26)]
    carla = session.scalars(select(User).where(User.username == "carla")).one()
    assert membership.find_member(session, world.project, carla) is not None


@pytest.mark.parametrize(
    ("files", "fields", "said"),
    [
        (
            [
                (
                    "corpus.zip",
                    brat_zip(CORPUS | {"corpus/bob/one.ann": BOB_ANN + "T3\tCue 0 4\tsaid\n"}),
                )
            ],
            {"label_map": MAP, "create_users": "y"},
            "corpus.zip/corpus/bob/one.ann:3: T3",
        ),
        (
            [("good.conll", CONLL), ("bad.conll", b"Officials B-PER\nsaid O\nlonely\n")],
            {"format": "conll", "label_map": "PER=SOURCE", "annotator": "carla"},
            "bad.conll:3: a token line is TOKEN ... TAG",
        ),
        (
            [("corpus.zip", brat_zip(CORPUS))],
            {"label_map": MAP},
            "2 unknown annotators: alice, bob",
        ),
    ],
    ids=["brat-offsets", "conll-line", "unknown-annotators"],
)
def test_a_bad_file_is_named_with_its_line_and_nothing_is_stored(
    world: SimpleNamespace, session: Session, files: Any, fields: Any, said: str
) -> None:
    login(world.client, "ada")
    before = _stored(session)
    response = _import(world.client, files, **fields)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Nothing was imported" in html and said in html, html
    assert 'role="status"' not in html  # no report of an import
    assert _stored(session) == before


def test_a_label_map_that_cannot_be_read_is_said_and_the_form_keeps_it(
    world: SimpleNamespace, session: Session
) -> None:
    login(world.client, "ada")
    before = _stored(session)
    response = _import(world.client, [("corpus.zip", brat_zip(CORPUS))], label_map="Source")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Nothing was imported: the Label map: &#39;Source&#39; is not NAME=OURS" in html
    assert 'value="Source"' in html
    assert _stored(session) == before


@pytest.mark.parametrize("face", ["page", "api"])
def test_a_zip_that_unpacks_past_the_upload_limit_is_refused(
    app: Any, world: SimpleNamespace, session: Session, face: str
) -> None:
    """The page and the API hold a zip to one limit, read in one place (unpacked_limit)."""
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    before = _stored(session)
    big = brat_zip(CORPUS | {"corpus/alice/two.txt": "x " * 600_000})
    assert len(big) < 100_000  # the upload itself is well under the limit
    said = "big.zip: the zip unpacks to 1.1 MB, more than the 1 MB an upload may hold"
    if face == "page":
        login(world.client, "ada")
        response = _import(world.client, [("big.zip", big)], label_map=MAP, create_users="y")
        assert response.status_code == 422
        assert said in response.get_data(as_text=True)
    else:
        data = {"format": "brat", "map": MAP, "files": [(io.BytesIO(big), "big.zip")]}
        response = world.client.post(
            "/api/v1/projects/demo/documents", data=data, headers=world.token
        )
        assert response.status_code == 422
        (problem,) = response.get_json()["error"]["details"]
        assert f"{problem['file']}: {problem['message']}" == said
    assert _stored(session) == before


def test_a_manager_imports_gold_but_not_work_in_an_annotators_name(
    world: SimpleNamespace, session: Session
) -> None:
    """The rule of the upload form and the API: only an admin files someone's layers."""
    login(world.client, "mona")
    before = _stored(session)
    refused = _import(world.client, [("corpus.zip", brat_zip(CORPUS))], label_map=MAP)
    assert refused.status_code == 403
    assert "only admins may import annotators&#39; layers" in refused.get_data(as_text=True)
    assert _stored(session) == before
    gold = {"one.txt": TEXT, "one.ann": ALICE_ANN}  # at the top: --annotator's
    accepted = _import(
        world.client, [("gold.zip", brat_zip(gold))], label_map=MAP, annotator="gold"
    )
    assert accepted.status_code == 200, accepted.get_data(as_text=True)
    session.commit()
    assert session.scalar(select(func.count()).select_from(Span)) == 2
    assert session.scalar(select(Layer.user_id)) is None  # the gold layer


def test_annotators_cannot_reach_the_corpus_import(
    world: SimpleNamespace, session: Session
) -> None:
    login(world.client, "nina")
    page = world.client.get("/projects/demo").get_data(as_text=True)
    assert "/projects/demo/import" not in page
    assert world.client.get("/projects/demo/import").status_code == 403
    before = _stored(session)
    token = csrf_token_from(world.client.get("/account/tokens").get_data(as_text=True))
    posted = world.client.post(
        "/projects/demo/import",
        data={"csrf_token": token, "format": "brat", "files": [(io.BytesIO(b"x"), "a.zip")]},
        content_type="multipart/form-data",
    )
    assert posted.status_code == 403
    assert _stored(session) == before


def test_an_import_without_the_csrf_token_is_refused(
    world: SimpleNamespace, session: Session
) -> None:
    login(world.client, "ada")
    assert "/projects/demo/import" in world.client.get("/projects/demo").get_data(as_text=True)
    before = _stored(session)
    response = _import(world.client, [("corpus.zip", brat_zip(CORPUS))], csrf=False, label_map=MAP)
    assert response.status_code == 403
    assert "CSRF" in response.get_data(as_text=True)
    assert _stored(session) == before


def test_the_api_imports_a_brat_zip_given_a_format_and_reports_what_came_in(
    world: SimpleNamespace, session: Session
) -> None:
    data = {
        "format": "brat",
        "map": MAP,
        "create_users": "true",
        "files": [(io.BytesIO(brat_zip(CORPUS)), "corpus.zip")],
    }
    response = world.client.post("/api/v1/projects/demo/documents", data=data, headers=world.token)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["created"] == 1
    assert body["annotations"] == {
        "layers": 2,
        "layers_unchanged": 0,
        "statuses_changed": 0,
        "spans": 4,
        "relations": 1,
        "annotators": ["alice", "bob"],
        "users_created": ["alice", "bob"],
    }


@pytest.mark.parametrize(
    ("fields", "status", "said"),
    [
        ({"create_users": "maybe"}, 400, "'create_users' must be true or false"),
        ({"format": "tei"}, 422, "unknown import format 'tei'"),
        ({"map": MAP}, 422, "A .conll file is part of a brat or CoNLL corpus"),
        # It pointed to the page and the command line, never to this request's own field.
        ({}, 422, "send format=conll with the files (a field of this multipart request)"),
    ],
)
def test_the_api_refuses_corpus_fields_it_cannot_use(
    world: SimpleNamespace, session: Session, fields: dict[str, str], status: int, said: str
) -> None:
    before = _stored(session)
    data = {**fields, "files": [(io.BytesIO(CONLL), "news.conll")]}
    response = world.client.post("/api/v1/projects/demo/documents", data=data, headers=world.token)
    assert response.status_code == status
    assert said in response.get_json()["error"]["message"]
    assert "--format" not in response.get_json()["error"]["message"]
    assert _stored(session) == before


def test_the_api_names_the_file_and_line_of_a_bad_conll_file(
    world: SimpleNamespace, session: Session
) -> None:
    before = _stored(session)
    data = {
        "format": "conll",
        "annotator": "carla",
        "map": "PER=SOURCE",
        "files": [(io.BytesIO(b"Officials B-PER\nlonely\n"), "bad.conll")],
    }
    response = world.client.post("/api/v1/projects/demo/documents", data=data, headers=world.token)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "import_failed"
    assert error["details"] == [
        {"file": "bad.conll", "line": 2, "message": "a token line is TOKEN ... TAG"}
    ]
    assert _stored(session) == before


def test_a_corpus_over_the_upload_limit_is_refused_with_the_limit(
    app: Any, world: SimpleNamespace, session: Session
) -> None:
    app.config["MAX_UPLOAD_MB"] = 1
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    login(world.client, "ada")
    page = world.client.get("/projects/demo/import").get_data(as_text=True)
    assert "At most 1 MB at once, unzipped too." in page
    before = _stored(session)
    # Written out, as in test_document_management: the test client would spool a large body
    # to a temporary file that a refused request leaves open.
    boundary = "limit-test"
    body = (
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="files"; filename="big.zip"\r\n\r\n'
        + "x" * (1024 * 1024)
        + f"\r\n--{boundary}--\r\n"
    ).encode()
    response = world.client.post(
        "/projects/demo/import",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 413
    assert "at most 1 MB at once" in response.get_data(as_text=True)
    assert _stored(session) == before


def test_brat_files_picked_together_are_one_corpus_a_picked_folder_too(
    world: SimpleNamespace, session: Session
) -> None:
    """A browser sends the files picked in its dialog one by one: no zip needed."""
    login(world.client, "ada")
    before = _stored(session)
    alone = _import(
        world.client, [("one.ann", ALICE_ANN.encode())], label_map=MAP, annotator="carla"
    )
    assert alone.status_code == 422
    assert "one.ann: no one.txt beside it" in alone.get_data(as_text=True)
    assert _stored(session) == before

    picked = [("one.txt", TEXT.encode()), ("one.ann", ALICE_ANN.encode())]
    response = _import(world.client, picked, label_map=MAP, annotator="carla")
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html
    assert '<dd data-report="created">1 new</dd>' in html
    assert '<dd data-report="layers">1 new, 0 unchanged</dd>' in html
    session.commit()
    carla = select(Layer.id).join(User, Layer.user_id == User.id).where(User.username == "carla")
    assert _count(session, Span, Span.layer_id.in_(carla)) == 2
    assert _count(session, Relation, Relation.layer_id.in_(carla)) == 1

    # A picked folder: the browser names each file by its path below the folder's parent.
    folder = [(f"{path}", text.encode()) for path, text in CORPUS.items()]
    folder = [(name.replace("one", "two"), data) for name, data in folder]
    response = _import(world.client, folder, label_map=MAP, create_users="y")
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html
    assert '<dd data-report="layers">2 new, 0 unchanged</dd>' in html
    assert session.scalar(select(Document.id).where(Document.external_id == "two")) is not None


def test_the_page_says_how_many_layers_statuses_an_import_changed(
    world: SimpleNamespace, session: Session, assign: Any
) -> None:
    """A record that brings spans, said in progress, into nina's skipped and empty layer
    reopens it: the page's report says so, as the command's summary and the API's
    ``statuses_changed`` do; an import that changes none says nothing of statuses."""
    nina = session.scalars(select(User).where(User.username == "nina")).one()
    old = session.scalars(select(Document).where(Document.external_id == "old")).one()
    assign(old, nina)
    session.execute(Assignment.__table__.update().values(status="skipped"))
    session.commit()
    login(world.client, "ada")
    line = {"id": "old", "text": "Already here.", "annotator": "nina", "status": "in_progress"}
    line["label"] = [[0, 7, "CLAIM"]]
    answer = _import(world.client, [("a.jsonl", json.dumps(line).encode())], format="records")
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200, html
    said = "1 layer's status changed (each in the layer's history)."
    assert f'<p data-report="statuses_changed">{escape(said)}</p>' in html
    brat = _import(
        world.client, [("corpus.zip", brat_zip(CORPUS))], label_map=MAP, create_users="y"
    )
    assert brat.status_code == 200
    assert 'data-report="statuses_changed"' not in brat.get_data(as_text=True)
