"""Exports written as a folder: one file per split (``--split``), or the ``hf`` dataset.

:func:`plan_splits` reads the selected documents' ids and ``meta`` (never their texts) and asks
:mod:`annotator.core.splits` which split each goes to: each document (or group) by its own hash,
so no filter and no other document moves it, and those a released split lists
(``--split-from``) where it put them. It then keeps in each split only the documents the
filters let through: what its file will hold, and what
the header and the dataset card count. :func:`folder_members` then reads each
split's documents a batch at a time, as the plain export does, and hands them to the format:
its folder writer (``hf``, ``labelstudio-project``) or its file writer once per split
(``<split>.jsonl``, ``<split>.conll``, ``<split>.zip`` of brat...).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.errors import Invalid
from annotator.core.formats import ExportContext, ExportFormat, Record
from annotator.core.formats.archive import Member
from annotator.core.splits import (
    SPLIT_RULE,
    ReleasedSplit,
    Split,
    assign_splits,
    group_key,
    parse_split_spec,
    split_sizes,
)
from annotator.core.wording import CountedPhrase
from annotator.models import Document, Project
from annotator.services.datasets.batches import DocumentFilter, selected_ids
from annotator.services.datasets.split_same_texts import texts_across_splits

NO_GROUP = CountedPhrase(
    "document without the group field (kept together as one group)",
    "documents without the group field (kept together as one group)",
)

#: Gone documents named in the warning; the rest are counted.
SHOWN_GONE = 20


def empty_splits(names: Sequence[str]) -> CountedPhrase:
    """Return the warning for the splits an ``hf`` folder leaves out, having no document."""
    listed = ", ".join(names)
    return CountedPhrase(
        f"split left out because it has no document: {listed}",
        f"splits left out because they have no document: {listed}",
    )


def gone_documents(ids: Sequence[str]) -> CountedPhrase:
    """Return the warning for documents a released split lists that the project no longer has."""
    shown = ", ".join(ids[:SHOWN_GONE]) + (", ..." if len(ids) > SHOWN_GONE else "")
    return CountedPhrase(
        f"document of the split file is no longer in the project: {shown}",
        f"documents of the split file are no longer in the project: {shown}",
    )


def unfilled_splits(names: Sequence[str], units: int, what: str) -> CountedPhrase:
    """Return the warning for the splits the rule gave no document: each of ``units``
    documents or groups (``what``) draws its split by itself, so a few of them can leave a
    split empty, where another seed may not."""
    listed = ", ".join(names)
    # A released split keeps its seed (--split-from), so the way to fill a split is said for
    # a first release only: the draw is by the seed, and few groups draw few splits.
    why = (
        f"only {units} {what} to draw from, each drawing its own split by the seed; "
        "a first release may try another seed, or group less"
    )
    return CountedPhrase(
        f"split got no document: {listed} ({why})",
        f"splits got no document: {listed} ({why})",
    )


def groups_across_splits(group_by: str, values: Sequence[str]) -> CountedPhrase:
    """Return the warning for the values of the group field whose documents a split file
    put in two splits or more: each document it lists keeps its split, so the grouping does
    not hold for them."""
    shown = ", ".join(values[:SHOWN_GONE]) + (", ..." if len(values) > SHOWN_GONE else "")
    return CountedPhrase(
        f"value of the group field {group_by} is in two splits or more, as the split file "
        f"put its documents: {shown}",
        f"values of the group field {group_by} are in two splits or more, as the split file "
        f"put their documents: {shown}",
    )


def emptied_splits(names: Sequence[str], filters: str) -> CountedPhrase:
    """Return the warning for the splits whose every document the filters left out."""
    listed = ", ".join(names)
    return CountedPhrase(
        f"split left with no document by the filter {filters}: {listed}",
        f"splits left with no document by the filter {filters}: {listed}",
    )


@dataclass
class SplitPlan:
    """Which documents (internal ids) each split writes, in the order of the spec.

    Only the documents that pass the export's filters: a split's count is its file's.
    """

    splits: tuple[Split, ...]
    documents: dict[str, list[int]]
    spec: str
    seed: int
    group_by: str | None
    #: The external ids of each split's documents, sorted: what a later export reuses.
    external_ids: dict[str, list[str]] = field(default_factory=dict)
    #: Documents a released split listed that the project no longer has.
    gone: list[str] = field(default_factory=list)
    released: bool = False
    #: The values of ``group_by`` whose documents are in two splits or more (a released
    #: split that put them so), as ``meta`` has them in JSON; empty when grouping holds.
    across: list[str] = field(default_factory=list)

    def describe(self) -> dict[str, Any]:
        """Return the plan as the export's header states it, each split's documents named."""
        said: dict[str, Any] = {
            "spec": self.spec,
            "split_rule": SPLIT_RULE,
            "seed": self.seed,
            "ratios": {split.name: split.fraction for split in self.splits},
            "group_by": self.group_by,
            "documents": {name: len(ids) for name, ids in self.documents.items()},
        }
        if self.released:
            said["split_from"] = {"gone": self.gone}
            if self.group_by:
                said["split_from"]["groups_across_splits"] = self.across
        said["ids"] = self.external_ids
        return said


def check_split_options(
    fmt: ExportFormat, spec: str | None, group_by: str | None
) -> tuple[Split, ...] | None:
    """Return the parsed splits of ``spec`` (None: no split), or refuse bad choices.

    Every format splits: a file per split of its own kind (``train.conll``, ``train.zip`` of
    brat), or its folder writer's files (``hf``, ``labelstudio-project``). The messages name
    the choices, not one face's flags: the API and the page show them too.

    :raises Invalid: a bad spec or a split named ``meta``, or a group field without a split
        or without a name.
    """
    if spec is None:
        if group_by:
            raise Invalid(
                "grouping by a meta field needs a split, e.g. train=0.8,dev=0.1,test=0.1",
                details={"field": "group_by"},
            )
        return None
    try:
        splits = parse_split_spec(spec)
    except Invalid as exc:  # the pure parser knows no field; a form shows it by its field
        raise Invalid(exc.message, details={"field": "split"}) from exc
    if any(split.name == "meta" for split in splits):
        # Its file would be meta.json beside the zip's header (labelstudio's meta.json).
        raise Invalid(
            "the split name 'meta' is taken: a split export's header is meta.json",
            details={"field": "split"},
        )
    if group_by is not None and not group_by.strip():
        raise Invalid(
            "grouping needs the name of a meta field, e.g. outlet", details={"field": "group_by"}
        )
    return splits


def plan_splits(
    session: Session,
    project: Project,
    splits: tuple[Split, ...],
    spec: str,
    seed: int,
    group_by: str | None,
    where: DocumentFilter,
    warnings: Any,
    released: ReleasedSplit | None = None,
) -> SplitPlan:
    """Assign the documents ``where`` names to ``splits`` by the seed and the group field,
    whatever their status; then keep in each split those that pass ``where``'s filters
    (statuses, and the layer choice: only documents with a layer it writes).

    The documents ``released`` lists keep its split; those it lists that the project no
    longer has are warned about. A split the filters empty is warned about, naming it and
    the filters.

    :raises Invalid: no selected document has the group field in its ``meta``.
    """
    query = select(Document.id, Document.external_id, Document.meta, Document.content_hash).where(
        Document.project_id == project.id
    )
    rows = list(session.execute(query))
    kept = released.documents if released is not None else {}
    gone = sorted(set(kept) - {row[1] for row in rows})
    if gone:
        warnings[gone_documents(gone)] += len(gone)
    if where.document_ids is not None:
        wanted = set(where.document_ids)
        rows = [row for row in rows if row[0] in wanted]
    group_by = group_by.strip() if group_by else None
    # The documents the file writes: the split is drawn over every selected document, so
    # that a filter moves none, but what is said of documents is said of those written.
    passing = selected_ids(session.connection(), where) if where.narrows else None
    if group_by:
        present = [isinstance(r[2], dict) and group_by in r[2] for r in rows]
        if rows and not any(present):
            raise Invalid(
                f"no document has the meta field {group_by!r} to group by",
                details={"field": "group_by"},
            )
        missing = sum(
            1
            for row, ok in zip(rows, present, strict=True)
            if not ok and (passing is None or row[0] in passing)
        )
        if missing:
            warnings[NO_GROUP] += missing
        # Documents without the field are one group; "" is no value's JSON.
        keys = [
            (r[1], group_key(r[2].get(group_by)) if ok else "")
            for r, ok in zip(rows, present, strict=True)
        ]
    else:
        keys = [(r[1], r[1]) for r in rows]
    chosen = assign_splits(keys, splits, seed, kept)
    across = _groups_across(keys, chosen) if group_by else []
    if across:
        warnings[groups_across_splits(group_by or "", across)] += len(across)
    internal = {r[1]: r[0] for r in rows}
    documents: dict[str, list[int]] = {name: [] for name in split_sizes(chosen, splits)}
    for external_id, split in chosen.items():
        documents[split].append(internal[external_id])
    for ids in documents.values():
        ids.sort()
    unfilled = [name for name, ids in documents.items() if not ids]
    if rows and unfilled and released is None:
        units = len({key for _, key in keys})
        what = "groups" if group_by else "documents"
        warnings[unfilled_splits(unfilled, units, what)] += len(unfilled)
    if passing is not None:
        kept_ids = {name: [i for i in ids if i in passing] for name, ids in documents.items()}
        emptied = [name for name, ids in documents.items() if ids and not kept_ids[name]]
        if emptied:
            warnings[emptied_splits(emptied, _filters_said(where))] += len(emptied)
        documents = kept_ids
    external = {r[0]: r[1] for r in rows}
    named = {name: sorted(external[i] for i in ids) for name, ids in documents.items()}
    spread = texts_across_splits(named, {r[1]: r[3] for r in rows})
    if spread is not None:
        warnings[spread[0]] += spread[1]
    return SplitPlan(
        splits, documents, spec, seed, group_by, named, gone, released is not None, across
    )


def _groups_across(keys: list[tuple[str, str]], chosen: dict[str, str]) -> list[str]:
    """Return the group keys whose documents ``chosen`` puts in two splits or more: only a
    released split can (it keeps each document it lists where it put it), sorted; the group
    of documents without the field is ``(none)``."""
    found: dict[str, set[str]] = {}
    for document, group in keys:
        found.setdefault(group, set()).add(chosen[document])
    return sorted(group or "(none)" for group, names in found.items() if len(names) > 1)


def _filters_said(where: DocumentFilter) -> str:
    """Return the status filters as the warning names them: ``gold status final``."""
    said = [f"status {where.status}"] if where.status is not None else []
    if where.gold_status is not None:
        said.append(f"gold status {where.gold_status}")
    if where.layer != "all":
        said.append(f"layer {where.layer}")
    elif not where.unannotated and not said:
        # A status filter already keeps annotated documents alone: said only without one.
        said.append("annotated documents only (the format holds layers only)")
    return " and ".join(said)


def folder_members(
    fmt: ExportFormat,
    context: ExportContext,
    plan: SplitPlan | None,
    where: DocumentFilter,
    records_of: Any,
) -> Iterator[Member]:
    """Yield the folder's files.

    :param records_of: ``records_of(DocumentFilter)`` yields the export records of those
        documents, a batch read at a time.
    """
    if plan is None:
        parts: list[tuple[str, Iterable[Record]]] = [("train", _lazy(records_of, where))]
    else:
        parts = [
            (name, _lazy(records_of, replace(where, document_ids=ids)))
            for name, ids in plan.documents.items()
            if ids or fmt.folder_writer is None
        ]
        empty = [name for name, ids in plan.documents.items() if not ids]
        if empty and fmt.folder_writer is not None:
            # datasets refuses to load a split without rows, so the folder has none.
            context.warnings[empty_splits(empty)] += len(empty)
    if fmt.folder_writer is not None:
        yield from fmt.folder_writer(parts, context)
        return
    for name, records in parts:
        yield f"{name}.{fmt.extension}", fmt.writer(records, context)


def _lazy(records_of: Any, where: DocumentFilter) -> Iterator[Record]:
    """Read a split's records only when its file is written (one query stream at a time)."""
    if where.document_ids is not None and not where.document_ids:
        return
    yield from records_of(where)
