"""A split that stays put, through the command line and the API: new documents and filters move
no document, the header names each split's documents, and ``--split-from`` reuses a release."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.extras import need
from tests.split_filter_world import ids_of

SPEC = "train=0.7,dev=0.15,test=0.15"
TEXT = "Officials said the plan would cut costs. Critics denied it."


@pytest.fixture
def news(session, make_project, make_document) -> Any:
    project = make_project("news")
    for i in range(40):
        make_document(project, f"{TEXT} ({i})", external_id=f"c{i}", meta={"outlet": f"o{i % 8}"})
    session.commit()
    return project


def export(runner: Any, out: Path, *options: str) -> tuple[dict[str, str], dict[str, Any], str]:
    """Run a split export into ``out``; return each document's split, the meta.json, stderr."""
    result = runner.invoke(args=["export", "news", *options, "-o", str(out)])
    assert result.exit_code == 0, result.output
    splits = {
        document: path.stem
        for path in out.glob("*.jsonl")
        for document in ids_of(path.read_bytes())
    }
    meta = json.loads(out.with_name(out.name + ".meta.json").read_text(encoding="utf-8"))
    return splits, meta, result.stderr


def test_a_new_document_moves_no_other(runner, news, session, make_document, tmp_path) -> None:
    before, meta, _ = export(runner, tmp_path / "one", "--split", SPEC, "--seed", "7")
    assert len(before) == 40
    split = meta["split"]
    assert (split["split_rule"], split["seed"]) == ("hash-v1", 7)
    assert split["ratios"] == {"train": 0.7, "dev": 0.15, "test": 0.15}
    assert split["ids"] == {
        name: sorted(d for d, s in before.items() if s == name) for name in ("train", "dev", "test")
    }
    assert split["documents"] == {name: len(ids) for name, ids in split["ids"].items()}
    make_document(news, "An unrelated text arrived later.", external_id="late")
    session.commit()
    after, _, _ = export(runner, tmp_path / "two", "--split", SPEC, "--seed", "7")
    assert {d: s for d, s in after.items() if d != "late"} == before


@pytest.mark.parametrize("group", [False, True])
def test_filters_move_no_document(runner, news, tmp_path, group) -> None:
    grouping = ["--group-by", "outlet"] if group else []
    everything, _, _ = export(runner, tmp_path / "all", "--split", SPEC, *grouping)
    some = ",".join(f"c{i}" for i in range(0, 40, 3))
    chosen, meta, _ = export(
        runner, tmp_path / "some", "--split", SPEC, "--documents", some, *grouping
    )
    assert len(chosen) == 14
    assert all(everything[d] == s for d, s in chosen.items())
    assert sum(meta["split"]["documents"].values()) == 14
    if group:
        outlets: dict[str, set[str]] = {}
        for document, split in everything.items():
            outlets.setdefault(f"o{int(document[1:]) % 8}", set()).add(split)
        assert all(len(splits) == 1 for splits in outlets.values())


def test_split_from_round_trip(runner, news, session, make_document, tmp_path) -> None:
    first, _, _ = export(runner, tmp_path / "v1", "--split", SPEC, "--seed", "3")
    released = tmp_path / "v1.meta.json"
    # A hand-made move is kept: the file, not the rule, says where a listed document is.
    meta = json.loads(released.read_text(encoding="utf-8"))
    moved = meta["split"]["ids"]["train"].pop()
    meta["split"]["ids"]["test"].append(moved)
    released.write_text(json.dumps(meta), encoding="utf-8")
    make_document(news, "A new text for the second release.", external_id="new1")
    session.commit()
    again, second, stderr = export(runner, tmp_path / "v2", "--split-from", str(released))
    assert again["new1"] in ("train", "dev", "test")
    assert {d: s for d, s in again.items() if d != "new1"} == {**first, moved: "test"}
    assert (second["split"]["spec"], second["split"]["seed"]) == (SPEC, 3)
    assert second["split"]["split_from"] == {"gone": []}
    assert "Warning" not in stderr
    # The second release reused gives the same files.
    third, _, _ = export(runner, tmp_path / "v3", "--split-from", str(tmp_path / "v2.meta.json"))
    assert third == again


def test_split_from_reports_documents_no_longer_in_the_project(runner, news, tmp_path) -> None:
    export(runner, tmp_path / "v1", "--split", SPEC)
    released = tmp_path / "v1.meta.json"
    meta = json.loads(released.read_text(encoding="utf-8"))
    meta["split"]["ids"]["test"] += ["gone-1", "gone-2"]
    released.write_text(json.dumps(meta), encoding="utf-8")
    _, second, stderr = export(runner, tmp_path / "v2", "--split-from", str(released))
    assert second["split"]["split_from"] == {"gone": ["gone-1", "gone-2"]}
    assert (
        "Warning: 2 documents of the split file are no longer in the project: gone-1, gone-2"
        in stderr
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{oops", "the split file is not JSON"),
        (b'{"project": "news"}', "the split file has no split"),
        (b"\xff\xfe", "is not UTF-8 text"),
    ],
)
def test_split_from_refuses_a_bad_file(runner, news, tmp_path, content, message) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    result = runner.invoke(
        args=["export", "news", "--split-from", str(bad), "-o", str(tmp_path / "x")]
    )
    assert result.exit_code != 0
    assert message in result.output + result.stderr


def test_split_from_refuses_another_seed(runner, news, tmp_path) -> None:
    export(runner, tmp_path / "v1", "--split", SPEC, "--seed", "3")
    released = str(tmp_path / "v1.meta.json")
    args = ["export", "news", "--split-from", released, "--seed", "4", "-o", str(tmp_path / "x")]
    result = runner.invoke(args=args)
    assert result.exit_code != 0
    assert (
        "the split file's seed is 3: leave the seed out to reuse it"
        in result.output + result.stderr
    )


def test_api_zip_names_each_split_s_documents(client, news, make_token, make_user) -> None:
    headers = make_token(make_user("ada", "admin"))
    response = client.get(
        "/api/v1/projects/news/export", query_string={"split": SPEC, "seed": 7}, headers=headers
    )
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
    meta = json.loads(archive.read("meta.json"))
    files = {
        name.removesuffix(".jsonl"): ids_of(archive.read(name))
        for name in archive.namelist()
        if name.endswith(".jsonl")
    }
    assert meta["split"]["ids"] == {name: sorted(ids) for name, ids in files.items()}
    assert meta["split"]["split_rule"] == "hash-v1"
    # The HTTP header says the rule and the counts, not thousands of ids.
    header = json.loads(response.headers["X-Annotator-Export"])
    assert "ids" not in header["split"]
    assert header["split"]["documents"] == meta["split"]["documents"]


def test_api_reuses_a_released_split_from_a_json_body(
    client, news, session, make_document, make_token, make_user
) -> None:
    headers = make_token(make_user("ada", "admin"))
    first = client.get(
        "/api/v1/projects/news/export", query_string={"split": SPEC, "seed": 7}, headers=headers
    )
    released = json.loads(zipfile.ZipFile(io.BytesIO(first.get_data())).read("meta.json"))
    moved = released["split"]["ids"]["train"].pop()
    released["split"]["ids"]["dev"].append(moved)
    make_document(news, "A new text for the second release.", external_id="new1")
    session.commit()
    url = "/api/v1/projects/news/export"
    response = client.post(url, json={"split_from": released}, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    meta = json.loads(zipfile.ZipFile(io.BytesIO(response.get_data())).read("meta.json"))
    again = meta["split"]["ids"]
    assert moved in again["dev"]
    for name, ids in released["split"]["ids"].items():
        assert set(ids) <= set(again[name])
    assert sum(len(ids) for ids in again.values()) == 41
    # Its text does as well; a bad file is a 422 naming the field and the problem.
    text = client.post(url, json={"split_from": json.dumps(released)}, headers=headers)
    assert text.status_code == 200
    bad = client.post(url, json={"split_from": {"project": "news"}}, headers=headers)
    assert bad.status_code == 422
    error = bad.get_json()["error"]
    assert error["details"] == {"field": "split_from"}
    assert "the split file has no split" in error["message"]
    seeded = client.post(url, json={"split_from": released, "seed": 8}, headers=headers)
    assert seeded.status_code == 422
    assert seeded.get_json()["error"]["details"] == {"field": "seed"}
    unknown = client.post(url, json={"split_form": released}, headers=headers)
    assert unknown.status_code == 400


def test_a_split_named_meta_is_refused(client, news, make_token, make_user) -> None:
    """Its file would clash with the zip's header, meta.json."""
    headers = make_token(make_user("ada", "admin"))
    response = client.get(
        "/api/v1/projects/news/export",
        query_string={"format": "labelstudio", "split": "train=0.5,meta=0.5"},
        headers=headers,
    )
    assert response.status_code == 422
    assert response.get_json()["error"]["details"] == {"field": "split"}
    assert "the split name 'meta' is taken" in response.get_json()["error"]["message"]


def test_a_split_the_rule_leaves_empty_is_warned_about_with_how_to_fill_it(
    runner, news, tmp_path
) -> None:
    """Eight outlets drawn one by one can leave a split with none; the export says which, how
    many groups drew, and how a first release may fill it (a released split keeps its seed)."""
    from annotator.core.splits import parse_split_spec, split_at, split_point

    splits = parse_split_spec(SPEC)
    outlets = [f'"o{i}"' for i in range(8)]
    seed = next(
        s
        for s in range(1, 500)
        if "dev" not in {split_at(split_point(s, o), splits) for o in outlets}
    )
    chosen, meta, stderr = export(
        runner, tmp_path / "grouped", "--split", SPEC, "--seed", str(seed), "--group-by", "outlet"
    )
    assert meta["split"]["documents"]["dev"] == 0
    assert "split got no document: dev (only 8 groups to draw from" in stderr
    assert "a first release may try another seed, or group less" in stderr
    filled = next(
        s
        for s in range(1, 500)
        if {"train", "dev", "test"} == {split_at(split_point(s, o), splits) for o in outlets}
    )
    _, _, quiet = export(
        runner, tmp_path / "filled", "--split", SPEC, "--seed", str(filled), "--group-by", "outlet"
    )
    assert "got no document" not in quiet


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("with_suggestions", 0),
        ("header", 1),
        ("seed", "7"),
        ("seed", True),
        ("seed", 7.5),
        ("format", 3),
        ("split", ["train"]),
        ("documents", [True]),
        ("documents", {"id": 1}),
    ],
)
def test_a_body_choice_of_another_json_type_is_refused_by_field(
    client, news, make_token, make_user, field, value
) -> None:
    """The body is read in JSON's own types, as its OpenAPI schema declares them: a number
    where true/false or text is meant was read as its text (schemathesis sent
    ``"with_suggestions": 0`` and got the file)."""
    headers = make_token(make_user("ada", "admin"))
    response = client.post("/api/v1/projects/news/export", json={field: value}, headers=headers)
    assert response.status_code == 422, response.get_data(as_text=True)
    assert response.get_json()["error"]["details"] == {"field": field}


def test_each_declared_body_kind_is_taken(client, news, make_token, make_user) -> None:
    headers = make_token(make_user("ada", "admin"))
    url = "/api/v1/projects/news/export"
    ids = ids_of(client.get(url, headers=headers).get_data())[:2]
    for body in (
        {"with_suggestions": False, "header": "1", "seed": 7, "split": None},
        {"documents": ids},
        {"documents": [str(number) for number in ids]},
        {"documents": ",".join(str(number) for number in ids)},
    ):
        response = client.post(url, json=body, headers=headers)
        assert response.status_code == 200, (body, response.get_data(as_text=True))
    listed = client.post(url, json={"documents": ids}, headers=headers)
    assert sorted(ids_of(listed.get_data())) == sorted(ids)


def test_split_from_with_a_group_moved_apart_says_so_in_the_warnings_header_and_card(
    runner, news, tmp_path
) -> None:
    need("pyarrow")
    first, _, _ = export(runner, tmp_path / "v1", "--split", SPEC, "--group-by", "outlet")
    released = tmp_path / "v1.meta.json"
    meta = json.loads(released.read_text(encoding="utf-8"))
    # One document of an outlet moved by hand to another split: its outlet is now in two.
    moved = meta["split"]["ids"]["train"].pop()
    meta["split"]["ids"]["test"].append(moved)
    released.write_text(json.dumps(meta), encoding="utf-8")
    outlet = f"o{int(moved[1:]) % 8}"

    out = tmp_path / "hf"
    result = runner.invoke(
        args=["export", "news", "--format", "hf", "-o", str(out), "--split-from", str(released)]
    )

    assert result.exit_code == 0, result.output
    assert (
        f"Warning: 1 value of the group field outlet is in two splits or more, as the split "
        f'file put its documents: "{outlet}"' in result.stderr
    )
    header = json.loads(out.with_name("hf.meta.json").read_text(encoding="utf-8"))
    assert header["split"]["split_from"] == {"gone": [], "groups_across_splits": [f'"{outlet}"']}
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "no value of it is in two splits" not in card
    assert "split file gave it (`--split-from`)" in card
    kept_apart = f'documents of 1 of its values in two splits or more, which stay so: `"{outlet}"`'
    assert kept_apart in card


def test_split_from_keeping_groups_whole_says_the_grouping_holds(runner, news, tmp_path) -> None:
    need("pyarrow")
    export(runner, tmp_path / "v1", "--split", SPEC, "--group-by", "outlet")
    out = tmp_path / "hf"
    result = runner.invoke(
        args=["export", "news", "--format", "hf", "-o", str(out)]
        + ["--split-from", str(tmp_path / "v1.meta.json")]
    )
    assert result.exit_code == 0, result.output
    assert "two splits" not in result.stderr
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "split file gave it (`--split-from`)" in card
    assert "grouped by the meta field `outlet` (no value of it is in two splits)" in card
