"""A project file's suggestion models: their bytes come as base64, and a record whose
``data`` is not base64 is refused naming its line and field, nothing loaded."""

from __future__ import annotations

import io
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.formats.project_file import ProjectFileError, build
from annotator.models import Project
from annotator.services.datasets.project_dump import dump_project
from annotator.services.datasets.project_load import load_project
from tests.project_world import file_of, records_of

NOT_BASE64 = "not base64!"
WHEN = "2026-01-01T00:00:00.000000Z"
MODELS = {
    "assist_model": {
        "version": 1, "kind": "tagger", "created_by": None, "created_at": WHEN,
        "documents": 1, "labels": ["CLAIM"], "scores": {}, "data": NOT_BASE64,
    },
    "assist_label_model": {
        "version": 1, "scope": "sentence", "field": "stance", "created_at": WHEN,
        "scores": {}, "documents": ["doc-1"], "data": NOT_BASE64,
    },
}  # fmt: skip


@pytest.mark.parametrize("kind", MODELS)
def test_a_model_whose_data_is_not_base64_is_refused_naming_its_line(
    session: Session, make_project: Any, kind: str
) -> None:
    project = make_project("src")
    records = records_of(b"".join(dump_project(session, project).chunks))
    # Models come right after the schema versions (the file's order of kinds).
    at = 1 + max(i for i, r in enumerate(records) if r["record"] == "schema_version")
    records.insert(at, build(kind, MODELS[kind]))
    with pytest.raises(ProjectFileError) as refused:
        load_project(session, io.BytesIO(file_of(records)), None, slug="copy")
    assert refused.value.message == f"line {at + 1}: data: not base64"
    assert refused.value.details == {"line": at + 1, "field": "data"}
    session.rollback()
    assert session.scalar(select(Project).where(Project.slug == "copy")) is None
