"""An export says, per label field whose target changed, how many of the values it holds were
given toward an earlier target, and which: its header (every format's ``label_fields``), the
``hf`` dataset card, and each such value in ``jsonl`` (``given_toward``)."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from flask.testing import FlaskClient

from annotator.services.datasets.export import start_export
from annotator.services.datasets.export_options import ExportOptions
from tests.export_world import World
from tests.extras import need
from tests.older_target_world import NEW_TARGET, OLD_TARGET, world  # noqa: F401 (a fixture)

WORDS = f"given when the target was {OLD_TARGET!r}"
#: A value's mark, in a jsonl record (as the API's layer gives it).
GIVEN = {"target": OLD_TARGET, "version": 1, "words": WORDS, "changed": ["target"]}
#: The header's count of such values, by the target then.
COUNTED = {"target": OLD_TARGET, "words": WORDS, "changed": ["target"], "versions": [1]}


def _header(client: FlaskClient, headers: dict[str, str], query: str) -> dict[str, Any]:
    answer = client.get(f"/api/v1/projects/src/export?{query}", headers=headers)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return json.loads(answer.headers["X-Annotator-Export"])["label_fields"]


def test_the_header_counts_the_values_given_toward_an_older_target_per_layer_exported(
    client: FlaskClient,
    world: World,  # noqa: F811
    admin_headers: dict[str, str],
) -> None:
    fields = _header(client, admin_headers, "format=jsonl")
    stance = fields["sentence"]["stance"]
    assert stance["target"] == NEW_TARGET
    assert stance["older_targets"] == [COUNTED | {"values": {"alice": 1, "bob": 1, "gold": 1}}]
    # A field whose target never changed says nothing of it.
    assert "older_targets" not in fields["sentence"]["bias"]
    assert "older_targets" not in fields["document"]["genre"]
    # As exported: the layers the choices keep, the documents they select.
    only_gold = _header(client, admin_headers, "format=conll&layer=gold")
    assert only_gold["sentence"]["stance"]["older_targets"][0]["values"] == {"gold": 1}
    done = _header(client, admin_headers, "format=jsonl&status=done")
    assert done["sentence"]["stance"]["older_targets"][0]["values"] == {"alice": 1, "gold": 1}
    bob = _header(client, admin_headers, "format=jsonl&layer=bob")
    assert bob["sentence"]["stance"]["older_targets"][0]["values"] == {"bob": 1}
    # The target changed, but none of the values exported was given toward the old one.
    plain = _header(client, admin_headers, "format=jsonl&documents=doc-plain")
    assert plain["sentence"]["stance"]["older_targets"] == []


def test_a_value_given_again_is_counted_no_more(
    client: FlaskClient,
    world: World,  # noqa: F811
    admin_headers: dict[str, str],
    make_token: Any,
) -> None:
    body = {"sentence": 0, "name": "stance", "value": "FAVOR"}
    url = f"/api/v1/documents/{world.documents['emoji'].id}/labels"
    put = client.put(url, json=body, headers=make_token(world.users["bob"]))
    assert put.status_code == 200, put.get_json()
    stance = _header(client, admin_headers, "format=jsonl")["sentence"]["stance"]
    assert stance["older_targets"] == [COUNTED | {"values": {"alice": 1, "gold": 1}}]


def test_jsonl_marks_each_value_given_toward_an_older_target(
    session: Any,
    world: World,  # noqa: F811
) -> None:
    for layer in ("all", "gold"):
        export = start_export(session, world.project, ExportOptions(layer=layer))
        records = [json.loads(line) for line in b"".join(export.chunks).splitlines()]
        emoji = next(r for r in records if r["id"] == "doc-emoji")
        layers = [*emoji["annotations"], emoji["gold"]]
        for payload in layers:
            stance = [x for x in payload["sentence_labels"] if x["name"] == "stance"]
            assert stance == [
                {"sentence": 0, "name": "stance", "value": "AGAINST"} | {"given_toward": GIVEN}
            ], payload["annotator"]
            assert all("given_toward" not in x for x in payload["document_labels"])
            assert all(
                "given_toward" not in x for x in payload["sentence_labels"] if x is not stance[0]
            )


def test_the_dataset_card_says_how_many_values_were_given_toward_the_older_target(
    session: Any,
    world: World,  # noqa: F811
) -> None:
    need("pyarrow")
    export = start_export(session, world.project, ExportOptions(format="hf"))
    card = zipfile.ZipFile(io.BytesIO(b"".join(export.chunks))).read("README.md").decode()
    about_stance = card.split("### `sentence_stance`", 1)[1].split("|", 1)[0]
    assert f"Target (what the values are toward): {NEW_TARGET}." in about_stance
    assert (
        f"Given toward an earlier target: 3 values (alice: 1, bob: 1, gold: 1) were {WORDS} "
        "(schema version 1)." in about_stance
    )
    column = card.split("| `sentence_stance` |", 1)[1].split("\n", 1)[0]
    assert f"toward {NEW_TARGET}; 3 values given toward an earlier target" in column
