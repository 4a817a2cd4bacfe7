"""GET /api/v1/health: ok once the database answers (CONTRACT section 7), an error otherwise."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotator import create_app


def test_the_health_check_answers_ok(client: Any) -> None:
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_the_health_check_fails_when_the_database_does_not_answer(tmp_path: Path) -> None:
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"this is not a SQLite database" * 100)
    app = create_app({"DATABASE_URL": f"sqlite:///{broken}", "TESTING": True})
    response = app.test_client().get("/api/v1/health")
    assert response.status_code == 500
    assert response.get_json()["error"]["code"] == "internal_error"
