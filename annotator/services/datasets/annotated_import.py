"""Importing annotations that come with documents: the ``jsonl`` export, doccano, Label Studio.

:func:`check_datasets` runs before anything is stored and returns a :class:`DatasetPlan`
plus every problem, located by file and line; ``store_datasets``
(:mod:`annotator.services.datasets.store`) then writes the plan with one multi-row ``INSERT``
per table. Annotators are matched by name; unknown names are listed in one problem unless
``create_users`` is set (:mod:`~annotator.services.datasets.import_annotators`). A layer that
already exists is left as it is when it holds the same annotations and refused when it
differs: an import never merges into or overwrites someone's work
(:mod:`~annotator.services.datasets.stored_layers`). The options are
:mod:`~annotator.services.datasets.import_options`'s, the plan
:mod:`~annotator.services.datasets.dataset_plan`'s.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeGuard

from sqlalchemy.orm import Session

from annotator.core.formats.given_ids import why_unnamed
from annotator.core.formats.label_map import LEFT_BY_MAP, LabelMap
from annotator.core.formats.readers import Problem, Record
from annotator.core.layer_check import check_layer
from annotator.core.segmentation import split_sentences
from annotator.core.text import GivenText
from annotator.core.wording import offsets
from annotator.models import GOLD, Project
from annotator.services.datasets.batches import LoadedDocument
from annotator.services.datasets.dataset_plan import DatasetPlan
from annotator.services.datasets.import_annotators import check_names, refuse_removed
from annotator.services.datasets.import_options import DatasetOptions
from annotator.services.datasets.stored_layers import (
    NO_NOTE,
    canonical,
    canonical_clean,
    existing_layer,
    labels_unheld,
    note_of,
    stored_documents,
)


def _is_integer(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _file_sentences(value: Any, text: GivenText) -> list[tuple[int, int]] | str:
    """Return the ``sentences`` of a record as ranges of the stored text, or a reason they
    are not usable (their offsets count the text as given, as the spans' do)."""
    if not isinstance(value, list):
        return "'sentences' must be a list of {index, start, end}"
    ranges: list[tuple[int, int]] = []
    last = 0
    for i, s in enumerate(value):
        start, end = (s.get("start"), s.get("end")) if isinstance(s, dict) else (None, None)
        if not (_is_integer(start) and _is_integer(end)):
            return f"sentence {i} needs integer 'start' and 'end'"
        if not last <= start < end <= len(text.given) or text.vanishes(start, end):
            return f"sentence {i} {offsets(start, end)} is out of order or outside the text"
        ranges.append((text.stored_offset(start), text.stored_offset(end)))
        last = end
    return ranges


def check_datasets(
    session: Session,
    project: Project,
    records: Sequence[Record],
    existing: set[str],
    options: DatasetOptions,
    mapping: LabelMap | None = None,
    names_mapped: bool = False,
) -> tuple[DatasetPlan, list[Problem]]:
    """Check the annotations of ``records`` (``existing``: ids already in the project).

    :param mapping: the label map that makes the records' labels and values ours (doccano,
        Label Studio, ``jsonl``).
    :param names_mapped: their reader has already mapped the names (brat, CoNLL): the map
        makes only the values ours.
    """
    plan = DatasetPlan()
    problems: list[Problem] = []
    stored = stored_documents(session, project, sorted({r.id for r in records} & existing))
    seen: dict[tuple[str, str | None], Record] = {}
    names: dict[str, Record] = {}
    for record in records:
        annotated = record.annotated or {}
        given = given_text(record)  # once a record: a long text's moves take a while
        sentences = _sentences_of(record, given, annotated, stored, plan, problems)
        if sentences is None:
            continue
        items = [
            (item, False, f"annotations[{i}]")
            for i, item in enumerate(annotated.get("annotations") or [])
        ]
        if annotated.get("gold") is not None:
            items.append((annotated["gold"], True, "gold"))
        for item, is_gold, path in items:
            name = _layer_name(item, is_gold, options)
            where = f"document {record.id!r}, layer {name!r}"
            why = why_unnamed(item) if not is_gold else ""
            if name is None and _emptied(
                item, given, len(sentences), project, mapping, names_mapped, plan
            ):
                continue
            if name is None:
                because = f" ({why})" if why else ""
                problems.append(
                    _at(
                        record,
                        f"document {record.id!r}: a layer names no "
                        f"annotator{because}; {options.words.give_annotator}",
                    )
                )
                continue
            owner = None if name == GOLD else name
            if (record.id, owner) in seen:
                problems.append(_at(record, _twice(where, seen[(record.id, owner)], why)))
                continue
            seen[(record.id, owner)] = record
            if owner is None and not is_gold and isinstance(item, dict):
                # An annotator's layer made gold by the import's annotator option: its status
                # is an assignment's (Label Studio's reader says done), not gold's.
                item = {**item, "status": None}
            clean, found = check_layer(
                item,
                given,
                len(sentences),
                project.schema,
                gold=owner is None,
                lists_ok=bool(annotated.get("single_values_in_lists")),
                mapping=mapping,
                names_mapped=names_mapped,
                path=path,
                # The readers that map names themselves (brat, CoNLL) check each span's
                # offsets against its text or make them from the text.
                offsets_checked=names_mapped,
            )
            problems += [_at(record, f"{where}, {message}") for message in found]
            plan.left_out += clean.left_out
            plan.values_left_out += clean.values_left_out
            if found:
                continue
            plan.word_cuts += [_at(record, f"{where}, {cut}") for cut in clean.word_cuts]
            if owner is None and clean.status is not None:
                plan.gold_statuses[record.id] = clean.status
            if owner is not None:
                names.setdefault(owner, record)
            document = stored.get(record.id)
            existing_id = None if document is None else document.layer_ids.get(name)
            note = clean.document_note
            if owner is not None and note is not None:
                # The note is the annotator's on the document, apart from the layer's rows:
                # written when they have none, and never over a different one. A file that
                # gives none says nothing of it (an export from before notes came along).
                theirs = None if document is None else document.layers.get(owner)
                kept = NO_NOTE if theirs is None else note_of(theirs[1])
                if kept not in (NO_NOTE, note):
                    problems.append(
                        _at(
                            record,
                            f"{where}: the project already has a different note of this "
                            "annotator on this document; an import never merges or overwrites",
                        )
                    )
                    continue
                if kept != note:
                    plan.document_notes.append((record.id, owner, note))
            if existing_id is not None:
                current = canonical(existing_layer(document, owner), owner)  # type: ignore[arg-type]
                if current == canonical_clean(clean, owner):
                    plan.layers_unchanged += 1
                    continue
                if current[1:] != ([], [], []):
                    why = labels_unheld(current, canonical_clean(clean, owner), annotated)
                    problems.append(
                        _at(
                            record,
                            f"{where}: the project already has a different "
                            f"layer of this annotator on this document{why}; an "
                            "import never merges or overwrites",
                        )
                    )
                    continue
                plan.into[len(plan.layers)] = existing_id
            elif owner is not None and clean.empty and document is not None:
                # An empty layer says only "assigned, with this status": nothing to store
                # when the assignment is already there with that status.
                assigned = document.layers.get(owner)
                if assigned is not None and assigned[0] == (clean.status or "new"):
                    plan.layers_unchanged += 1
                    continue
            plan.layers.append((record.id, owner, clean))
    check_names(session, names, options, plan, problems)
    refuse_removed(session, project, names, plan, problems)
    return plan, problems


def _emptied(
    item: Any,
    given: GivenText,
    sentence_count: int,
    project: Project,
    mapping: LabelMap | None,
    names_mapped: bool,
    plan: DatasetPlan,
) -> bool:
    """Tell whether a layer that names no annotator holds nothing once the label map has
    left its labels out (``PER=-``), noting it and what the map left out in ``plan``: such a
    layer makes no layer, so it needs no annotator. A layer that held nothing to begin with
    is not one: it says "assigned" and still needs its annotator."""
    keys = (LEFT_BY_MAP, "spans", "relations", "sentence_labels", "document_labels")
    if not isinstance(item, dict) or not any(item.get(key) for key in keys):
        return False
    clean, found = check_layer(
        item,
        given,
        sentence_count,
        project.schema,
        gold=False,
        mapping=mapping,
        names_mapped=names_mapped,
    )
    if found or not clean.empty:
        return False
    plan.emptied += 1
    plan.left_out += clean.left_out
    plan.values_left_out += clean.values_left_out
    return True


def _sentences_of(
    record: Record,
    counted_in: GivenText,
    annotated: dict[str, Any],
    stored: dict[str, LoadedDocument],
    plan: DatasetPlan,
    problems: list[Problem],
) -> list[dict[str, int]] | list[tuple[int, int]] | None:
    document = stored.get(record.id)
    if document is not None:
        # Loaded as items, not raw JSON text (_stored_documents): a list.
        assert isinstance(document.sentences, list)
        return document.sentences
    if record.id in plan.sentences:
        return plan.sentences[record.id]
    given = annotated.get("sentences")
    if given is None:
        ranges: list[tuple[int, int]] | str = split_sentences(record.text)
    else:
        ranges = _file_sentences(given, counted_in)
    if isinstance(ranges, str):
        problems.append(_at(record, f"document {record.id!r}: {ranges}"))
        return None
    plan.sentences[record.id] = ranges
    return ranges


def given_text(record: Record) -> GivenText:
    """Return the text that the offsets of ``record`` count in, with its stored text."""
    if record.given_text is None:
        return GivenText(record.text, record.text, None)
    return GivenText.of(record.given_text)


def _layer_name(item: Any, is_gold: bool, options: DatasetOptions) -> str | None:
    if is_gold:
        return GOLD
    name = item.get("annotator") if isinstance(item, dict) else None
    return name if isinstance(name, str) and name else options.annotator


def _twice(where: str, first: Record, why: str) -> str:
    """Say that a document has a layer twice; when the layer took the import's annotator
    because its own was a number, say that too, and the way out."""
    said = f"{where}: this document has that layer twice (also at {_where(first)})"
    if not why:
        return said
    return (
        f"{said}: {why}, so the layer took the annotator given for the import; name each "
        "annotator in the file by username, or import each annotator's records on their own"
    )


def _where(record: Record) -> str:
    return f"{record.file}:{record.line}" if record.line else record.file


def _at(record: Record, message: str) -> Problem:
    return Problem(record.file, record.line, message)
