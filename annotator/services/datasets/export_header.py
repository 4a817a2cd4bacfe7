"""The header of an export: which project, schema version, layers and filters, as the
``_meta`` line, the zip's ``meta.json`` and an HTTP header carry it, and the facts a
dataset card adds."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from annotator.core.formats.label_fields import label_fields
from annotator.core.version import __version__
from annotator.models import Project
from annotator.services.datasets.dataset_splits import SplitPlan
from annotator.services.datasets.export_options import ExportOptions


def export_meta(project: Project, options: ExportOptions) -> dict[str, Any]:
    """Return the header of an export: which project, schema version, layers and filters,
    and what each label field's values mean (its target and description)."""
    meta = {
        "project": project.slug,
        "name": project.name,
        "schema_version": project.schema_version,
        "format": options.format,
        "layer": options.layer,
        "filters": {
            "status": options.status,
            "gold_status": options.gold_status,
            "documents": None if options.documents is None else list(options.documents),
        },
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "annotator_version": __version__,
        "label_fields": label_fields(project.schema),
    }
    if options.with_suggestions:
        meta["with_suggestions"] = True
    return meta


def header_meta(meta: dict[str, Any]) -> dict[str, Any]:
    """Return the header as an HTTP header carries it: without the lists of ids that grow
    with the corpus, each split's documents (in the zip's ``meta.json``) and the documents
    asked for by name (``filters.documents``, counted as ``filters.documents_count``; the
    ``_meta`` line of ``header=1`` and the zip's ``meta.json`` keep them). 3,000 named
    documents made a 52 KB header, past what many proxies and clients take."""
    said = dict(meta)
    split = meta.get("split")
    if isinstance(split, dict) and "ids" in split:
        said["split"] = {k: v for k, v in split.items() if k != "ids"}
    filters = meta.get("filters")
    if isinstance(filters, dict) and isinstance(filters.get("documents"), list):
        kept = {k: v for k, v in filters.items() if k != "documents"}
        said["filters"] = kept | {"documents_count": len(filters["documents"])}
    return said


def meta_file(meta: dict[str, Any]) -> Iterator[bytes]:
    """Yield the header as the zip's ``meta.json`` holds it."""
    yield (json.dumps(meta, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def dataset_facts(session: Session, project: Project, plan: SplitPlan | None) -> dict[str, Any]:
    """Return what a dataset card states beyond the header: licence, agreement, split."""
    # Imported here: the report's measures need NumPy, which only this format's card uses.
    from annotator.services.agreement.report import agreement_report

    return {
        "license": project.schema.get("license", ""),
        "agreement": agreement_report(session, project),
        "split": None if plan is None else plan.describe(),
    }
