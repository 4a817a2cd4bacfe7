"""A label schema read from JSON or YAML (:mod:`annotator.core.schema_text`), and the new-project
page and ``annotator projects create`` taking a YAML file."""

from __future__ import annotations

import io
import json
import threading
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from annotator.core.schema_roles import played_roles
from annotator.core.schema_text import SchemaSyntaxError, parse_schema_text
from annotator.models import Project
from tests.conftest import SEED_SCHEMA
from tests.helpers import csrf_token_from, login

YAML_SCHEMA = """\
name: Claims in YAML
span_labels:
  - name: CLAIM
    key: c
    attributes:
      - {name: claimer, values: [REPORTED, JOURNALIST]}
  - {name: SOURCE, key: s}
relation_types:
  - {name: ATTRIBUTED_TO, from: [CLAIM], to: [SOURCE], max_per_source: 1}
sentence_labels:
  - {name: stance, values: [FAVOR, AGAINST, NONE], target: NATO}
"""
AS_JSON = {
    "name": "Claims in YAML",
    "span_labels": [
        {
            "name": "CLAIM",
            "key": "c",
            "attributes": [{"name": "claimer", "values": ["REPORTED", "JOURNALIST"]}],
        },
        {"name": "SOURCE", "key": "s"},
    ],
    "relation_types": [
        {"name": "ATTRIBUTED_TO", "from": ["CLAIM"], "to": ["SOURCE"], "max_per_source": 1}
    ],
    "sentence_labels": [
        {"name": "stance", "values": ["FAVOR", "AGAINST", "NONE"], "target": "NATO"}
    ],
}


def _labels(schema: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """Each span label with its attributes' values: what a stored schema keeps of the file's."""
    return [
        (label["name"], [v for a in label.get("attributes", []) for v in a["values"]])
        for label in schema["span_labels"]
    ]


@pytest.mark.parametrize("name", ["schema.yaml", "SCHEMA.YML", ""])
def test_yaml_gives_the_same_schema_as_json(name: str) -> None:
    assert parse_schema_text(YAML_SCHEMA, name) == AS_JSON
    assert parse_schema_text(json.dumps(AS_JSON), "" if name else "schema.json") == AS_JSON


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ('{"span_labels": [,]}', "", "invalid JSON at line 1, column 18: Expecting value"),
        ("span_labels: [a, b", "s.yaml", "invalid YAML at line 1, column 19: expected ',' or"),
        ("span_labels:\n  - name: X\n   bad: 1\n", "", "invalid YAML at line 3, column 4:"),
        ("when: 2026-01-01", "", "the schema.when is a date, which JSON cannot hold"),
        ("span_labels: [{name: X, 1: y}]", "", "key 1 in the schema.span_labels[0] is not text"),
        ("x: .inf", "", "the schema.x is inf, which JSON cannot hold"),
        ("x: " + "9" * 4301, "", "invalid YAML: a number of more than 4,300 digits"),
        ("x: " + "[" * 5000 + "]" * 5000, "", "invalid YAML: nested too deeply"),
        ("x: &a [1, *a]", "", "invalid YAML: the schema.x[1] holds itself (an alias inside"),
        ("x: &a {y: [*a]}", "", "invalid YAML: the schema.x.y[0] holds itself"),
    ],
)
def test_unreadable_text_is_refused_naming_where(text: str, name: str, expected: str) -> None:
    with pytest.raises(SchemaSyntaxError) as info:
        parse_schema_text(text, name)
    assert expected in info.value.message


def test_aliases_of_aliases_are_checked_once_each() -> None:
    """Nine aliases of nine aliases, twelve deep: 9**12 values to walk one by one, from a
    file of 600 bytes. Each list is checked once; an alias of a sound list is sound."""
    lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, 13)]
    result: list[Any] = []
    worker = threading.Thread(
        target=lambda: result.append(parse_schema_text("\n".join(lines), "s.yaml")), daemon=True
    )
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive(), "still walking the aliases after a minute"
    [value] = result
    assert len(value["l12"]) == 9 and value["l12"][0] is value["l11"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name: x\nspan_labels: &s [{name: A, description: *s}]\n", "holds itself"),
        ("name: x\nannotators_per_document: " + "9" * 4301 + "\n", "more than 4,300 digits"),
    ],
    ids=["alias inside its anchor", "long integer"],
)
def test_the_command_line_refuses_such_a_yaml_file_in_one_line(
    runner: Any, session: Any, tmp_path: Path, text: str, expected: str
) -> None:
    """Both were a Python traceback (RecursionError, ValueError)."""
    path = tmp_path / "schema.yaml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(args=["projects", "create", "p", "--name", "P", "--schema", str(path)])
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"Error: {path}: invalid YAML: ") and expected in line, line
    assert session.scalar(select(func.count()).select_from(Project)) == 0


def test_the_command_line_creates_a_project_from_a_yaml_file(
    runner: Any, session: Any, tmp_path: Path
) -> None:
    path = tmp_path / "schema.yml"
    path.write_text(YAML_SCHEMA, encoding="utf-8")
    result = runner.invoke(args=["projects", "create", "p", "--name", "P", "--schema", str(path)])
    assert result.exit_code == 0, result.output
    project = session.scalar(select(Project))
    assert _labels(project.schema) == _labels(AS_JSON)
    broken = tmp_path / "broken.yaml"
    broken.write_text("span_labels:\n  - name: X\n   bad: 1\n", encoding="utf-8")
    args = ["projects", "create", "q", "--name", "Q", "--schema", str(broken)]
    refused = runner.invoke(args=args)
    assert refused.exit_code == 1
    assert f"{broken}:3:4: invalid YAML:" in refused.stderr
    assert session.scalar(select(func.count()).select_from(Project)) == 1


def test_the_new_project_page_takes_a_yaml_file_or_pasted_yaml(
    client: Any, make_user: Any, session: Any
) -> None:
    make_user("ada", "admin")
    login(client, "ada")
    page = client.get("/projects/new").get_data(as_text=True)
    assert ".yaml" in page
    token = csrf_token_from(page)
    answer = client.post(
        "/projects/new",
        data={
            "csrf_token": token,
            "slug": "from-file",
            "name": "From a file",
            "schema": (io.BytesIO(YAML_SCHEMA.encode()), "schema.yaml"),
        },
        content_type="multipart/form-data",
    )
    assert answer.status_code == 302, answer.get_data(as_text=True)
    answer = client.post(
        "/projects/new",
        data={"csrf_token": token, "slug": "bad", "name": "Bad", "schema_text": "a: [1,"},
    )
    assert answer.status_code == 422
    page = answer.get_data(as_text=True)
    assert 'id="schema_text-errors"' in page and "invalid YAML at line" in page
    pasted = YAML_SCHEMA.replace("name: SOURCE", "name: SPEAKER").replace("[SOURCE]", "[SPEAKER]")
    answer = client.post(
        "/projects/new",
        data={"csrf_token": token, "slug": "pasted", "name": "Pasted", "schema_text": pasted},
    )
    assert answer.status_code == 302, answer.get_data(as_text=True)
    schemas = {p.slug: p.schema for p in session.scalars(select(Project))}
    assert set(schemas) == {"from-file", "pasted"}
    assert _labels(schemas["from-file"]) == _labels(AS_JSON)
    assert [label["name"] for label in schemas["pasted"]["span_labels"]] == ["CLAIM", "SPEAKER"]


@pytest.mark.parametrize(
    "data",
    ['{"name": "Caf\u00e9"}'.encode("latin-1"), '{"name": "x"}'.encode("utf-16")],
    ids=["Latin-1", "UTF-16"],
)
def test_a_schema_file_not_in_utf8_is_refused_alike_by_page_and_command_line(
    app: Any, client: Any, runner: Any, make_user: Any, session: Any, tmp_path: Path, data: bytes
) -> None:
    """The page said only "not UTF-8 (invalid start byte)"; the command line names the byte."""
    path = tmp_path / "schema.json"
    path.write_bytes(data)
    result = runner.invoke(args=["projects", "create", "p", "--name", "P", "--schema", str(path)])
    assert result.exit_code == 1
    said = result.stderr.removeprefix(f"Error: {path}").strip()
    assert said.startswith(":1: not valid UTF-8 (byte 0x"), said
    make_user("root", "admin")
    login(client, "root")
    token = csrf_token_from(client.get("/projects/new").get_data(as_text=True))
    answer = client.post(
        "/projects/new",
        data={
            "csrf_token": token,
            "slug": "p",
            "name": "P",
            "schema": (io.BytesIO(data), "schema.json"),
        },
        content_type="multipart/form-data",
    )
    assert answer.status_code == 422
    assert escape(f"schema.json{said}") in answer.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(Project)) == 0


def test_the_seed_schema_reads_the_same_as_yaml() -> None:
    """JSON is YAML too: the seed schema pasted without a name reads as JSON, unchanged."""
    assert parse_schema_text(json.dumps(SEED_SCHEMA, indent=2)) == SEED_SCHEMA


@pytest.mark.parametrize(
    ("yaml_text", "expected"),
    [
        # `#` starts a comment in YAML: the colour is read as nothing.
        (
            "span_labels:\n  - name: CLAIM\n    color: #d62728\n",
            "'color' must be a string, got nothing: in YAML, # starts a comment; quote the "
            'colour, as color: "#d62728"',
        ),
        # yes and no are YAML's true and false.
        (
            "span_labels: [{name: CLAIM}]\ndocument_labels:\n  - {name: checkworthy, "
            "values: [yes, no]}\n",
            "every value must be a non-empty string, got True: YAML reads yes, no, on, off, "
            'true and false as true or false; quote them, as "yes"',
        ),
        # One label where a list is wanted.
        (
            "span_labels: [{name: CLAIM}, {name: SOURCE}]\nrelation_types:\n"
            "  - {name: SAID_BY, from: CLAIM, to: [SOURCE]}\n",
            "'from' must be a non-empty list of span label names: write it as [CLAIM]",
        ),
    ],
)
def test_common_yaml_slips_are_refused_saying_how_to_write_them(
    yaml_text: str, expected: str
) -> None:
    from annotator.core.errors import SchemaError
    from annotator.core.label_schema import validate_schema

    with pytest.raises(SchemaError) as info:
        validate_schema(parse_schema_text(yaml_text, "schema.yaml"))
    assert expected in str(info.value), str(info.value)


def test_the_new_project_page_s_example_schema_creates_that_project(
    client: Any, make_user: Any, session: Any
) -> None:
    # The example is read off the page, as someone would copy it into the box.
    import html
    import re

    make_user("ada", "admin")
    login(client, "ada")
    page = client.get("/projects/new").get_data(as_text=True)
    found = re.search(r'<code id="schema-example">(.*?)</code>', page, re.S)
    assert found is not None
    example = html.unescape(found.group(1))
    answer = client.post(
        "/projects/new",
        data={
            "csrf_token": csrf_token_from(page),
            "slug": "example",
            "name": "Example",
            "schema_text": example,
        },
    )
    assert answer.status_code == 302, answer.get_data(as_text=True)
    schema = session.scalar(select(Project).where(Project.slug == "example")).schema
    assert [(x["name"], x["color"]) for x in schema["span_labels"][:2]] == [
        ("CLAIM", "#d62728"),
        ("SOURCE", "#1f77b4"),
    ]
    assert [x["values"] for x in schema["document_labels"]] == [["yes", "no"]]
    assert schema["relation_types"][0]["from"] == ["CLAIM"]
    # Every span label and relation type of the example plays a role in suggestions, so a
    # lead who copies it gets the attribution rules and linking without renaming anything.
    played = set(played_roles(schema).values())
    named = {x["name"] for kind in ("span_labels", "relation_types") for x in schema[kind]}
    assert named == played, named - played
