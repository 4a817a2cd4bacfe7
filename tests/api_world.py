"""A small world for API tests: a project, documents, annotators, a reviewer, an admin, tokens."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

TEXT = "Officials said the talks failed.   Moscow denied it.\n\nA third one here."
# Sentences of TEXT: [0, 32) "Officials said the talks failed.", [35, 52) "Moscow denied it.",
# [54, 71) "A third one here."


@dataclass
class World:
    """Everything a test needs to talk to the API as different people."""

    client: FlaskClient
    project: Any
    doc: Any  # assigned to alice and bob
    other: Any  # assigned to nobody
    users: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, dict[str, str]] = field(default_factory=dict)

    def call(
        self, who: str | None, method: str, path: str, json: Any = None, **kwargs: Any
    ) -> TestResponse:
        """Send a request to /api/v1 as ``who`` (None: no credentials)."""
        headers = self.headers.get(who, {}) if who else {}
        return self.client.open(
            "/api/v1" + path, method=method, json=json, headers=headers, **kwargs
        )

    def span(self, who: str, label: str = "CLAIM", start: int = 0, end: int = 9, **extra: Any):
        """Add a span to ``who``'s layer of ``doc`` and return its JSON (asserting 201)."""
        query = extra.pop("query", "")
        response = self.call(
            who,
            "POST",
            f"/documents/{self.doc.id}/spans{query}",
            {"label": label, "start": start, "end": end, **extra},
        )
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    def relation(self, who: str, kind: str, source: int, target: int) -> dict[str, Any]:
        """Draw a relation in ``who``'s layer of ``doc`` and return its JSON (asserting 201)."""
        body = {"type": kind, "from": source, "to": target}
        response = self.call(who, "POST", f"/documents/{self.doc.id}/relations", body)
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    def layer(self, who: str, annotator: str | None = None, doc: Any = None) -> dict[str, Any]:
        """Return a layer as ``who`` reads it (asserting 200)."""
        query = f"?annotator={annotator}" if annotator else ""
        doc = doc or self.doc
        response = self.call(who, "GET", f"/documents/{doc.id}/annotations{query}")
        assert response.status_code == 200, response.get_json()
        return response.get_json()


def build_world(
    client: FlaskClient,
    make_user: Any,
    make_token: Any,
    make_project: Any,
    make_document: Any,
    assign: Any,
    schema: dict[str, Any] | None = None,
    text: str = TEXT,
) -> World:
    """Create the world: alice and bob annotate ``doc``; rita reviews; ada administers."""
    project = make_project("demo", schema)
    doc = make_document(project, text, external_id="doc-1")
    other = make_document(project, "Nobody is assigned this one.", external_id="doc-2")
    world = World(client=client, project=project, doc=doc, other=other)
    for name, role in [
        ("alice", "annotator"),
        ("bob", "annotator"),
        ("carol", "annotator"),
        ("rita", "reviewer"),
        ("ada", "admin"),
    ]:
        # No password: hashing one costs a third of a second, and tokens are all we need.
        world.users[name] = make_user(name, role, None)
        world.headers[name] = make_token(world.users[name])
    assign(doc, world.users["alice"], world.users["bob"])
    return world
