"""What a project file's records must hold beyond their shape: offsets, statuses, names.

:func:`annotator.core.formats.project_file.check` has made sure each field is there and of
its kind; these checks are about the values, so that a load stores nothing a live project
could not hold. Each problem names the file's line and the field.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from annotator.core import history, rules
from annotator.core.difference_key import is_difference_key
from annotator.core.errors import Invalid
from annotator.core.formats.project_file import ProjectFileError
from annotator.core.formats.project_ids import ITEM_PARTS
from annotator.core.gold_source import source_object_problem, source_problem
from annotator.core.limits import title_too_long
from annotator.core.text import normalise_text
from annotator.core.vocabulary import (
    ASSIGNMENT_STATUSES,
    GOLD,
    GOLD_STATUSES,
    PROJECT_ROLES,
    SUGGESTIONS,
)
from annotator.core.wording import counted

#: The longest text each field may hold: the sizes of the columns that store it
#: (tests/test_project_files.py holds the two equal), so that a long value is refused here,
#: naming its line, rather than by the database.
LIMITS = {
    "document.id": 512,
    "span.label": 100,
    "span.model": 32,
    "span.source_layer": 255,
    "relation.type": 100,
    "relation.model": 32,
    "relation.source_layer": 255,
    "rejection.label": 100,
    "rejection.model": 32,
    "label.name": 100,
    "label.source_layer": 255,
    "decision.kind": 32,
    "document.segmenter_version": 64,
    "history.actor": 80,
    "history.action": 64,
    "history.target": 300,
}


def _fits(value: str | None, limit: str, line: int, field: str) -> None:
    if value is not None and len(value) > LIMITS[limit]:
        raise ProjectFileError(line, field, f"{len(value)} characters; at most {LIMITS[limit]} fit")


def check_history(record: dict[str, Any], line: int) -> None:
    """Check a ``history`` record's texts fit the audit log's columns."""
    for name in ("actor", "action", "target"):
        _fits(record[name], f"history.{name}", line, name)


def check_user(users: Collection[str], name: str | None, line: int, field: str) -> None:
    """Refuse a user name that the file's ``user`` records do not list."""
    if name is not None and name not in users:
        raise ProjectFileError(line, field, f"user {name!r} is not among the file's user records")


def check_member(record: dict[str, Any], users: Collection[str], line: int) -> None:
    """Check a ``member`` record: a listed user, a project role."""
    check_user(users, record["user"], line, "user")
    _one_of(record["role"], PROJECT_ROLES, line, "role")


def check_model_labels(data: bytes, labels: list[str], line: int) -> None:
    """Check an ``assist_model`` record's ``labels`` against the model's bytes: what each
    label it learned is called now, one per label in the model's order (``""`` for one the
    schema removed), or the model fails when it first predicts."""
    # Imported here: the suggestions' package stays unloaded until a file holds a model.
    from annotator.core.assist.model_bytes import header_labels

    try:
        learned = header_labels(data)
    except ValueError as exc:
        raise ProjectFileError(line, "data", str(exc)) from None
    if len(labels) != len(learned):
        raise ProjectFileError(
            line,
            "labels",
            f"the model has {counted(len(learned), 'label')} ({', '.join(learned)}) and "
            f"'labels' names {len(labels)}: one name per label it learned, in its order",
        )


def check_label_model(scope: str, data: bytes, line: int) -> None:
    """Check an ``assist_label_model`` record: its scope, and bytes a classifier reads."""
    if scope not in ("sentence", "document"):
        raise ProjectFileError(line, "scope", f"{scope!r} is not 'sentence' or 'document'")
    # Imported here: NumPy loads only for a file that holds a classifier.
    from annotator.core.assist.classifier import LabelModel

    try:
        LabelModel.from_bytes(data)
    except ValueError as exc:
        raise ProjectFileError(line, "data", str(exc)) from None


def check_document(
    record: dict[str, Any], users: Collection[str], line: int, schema: dict[str, Any]
) -> None:
    """Check a ``document`` record's text, sentences, people and every layer.

    Every layer but the suggestions is checked against the project's ``schema`` with the
    rules of every write (:mod:`annotator.core.rules`): labels, attributes and values it has,
    relations between labels their type allows. A live project holds nothing else: a schema
    change that would leave annotations outside it is refused. The suggestions are candidates,
    checked when one is accepted, as a schema change leaves them out too.
    """
    text = record["text"]
    if not record["id"]:
        raise ProjectFileError(line, "id", "must not be empty")
    _fits(record["id"], "document.id", line, "id")
    _fits(record["segmenter_version"], "document.segmenter_version", line, "segmenter_version")
    too_long = None if record["title"] is None else title_too_long(record["title"])
    if too_long is not None:
        raise ProjectFileError(line, "title", too_long)
    if normalise_text(text) != text:
        raise ProjectFileError(
            line, "text", "not stored text (a byte-order mark or \\r line endings)"
        )
    previous = 0
    for i, (start, end) in enumerate(record["sentences"]):
        if not previous <= start < end <= len(text):
            raise ProjectFileError(
                line,
                f"sentences[{i}]",
                f"[{start}, {end}] is not an ordered range inside the text "
                f"({counted(len(text), 'character')})",
            )
        previous = end
    gold = record["gold_status"]
    if gold is not None:
        _one_of(gold["status"], GOLD_STATUSES, line, "gold_status.status")
        check_user(users, gold["updated_by"], line, "gold_status.updated_by")
    _check_people(record, users, line)
    names: set[str] = set()
    for i, layer in enumerate(record["layers"]):
        where = f"layers[{i}]"
        name = layer["name"]
        if name in names:
            raise ProjectFileError(line, f"{where}.name", f"a second layer {name!r}")
        names.add(name)
        if name not in (GOLD, SUGGESTIONS):
            check_user(users, name, line, f"{where}.name")
        _check_layer(layer, len(text), len(record["sentences"]), users, line, where)
        if name != SUGGESTIONS:
            _check_against_schema(layer, schema, line, where)
    _check_changes(record, users, line)
    _check_decisions(record, users, line)
    for i, rejection in enumerate(record["rejections"]):
        where = f"rejections[{i}]"
        check_user(users, rejection["user"], line, f"{where}.user")
        if not 0 <= rejection["start"] < rejection["end"] <= len(text):
            raise ProjectFileError(
                line,
                where,
                f"offsets {rejection['start']}..{rejection['end']} are not inside the text "
                f"({counted(len(text), 'character')})",
            )
        for name in ("label", "model"):
            _fits(rejection[name], f"rejection.{name}", line, f"{where}.{name}")
        _check_score(rejection["score"], line, where)


def _check_people(record: dict[str, Any], users: Collection[str], line: int) -> None:
    for part in ("assignments", "notes"):
        seen: set[str] = set()
        for i, item in enumerate(record[part]):
            where = f"{part}[{i}].user"
            check_user(users, item["user"], line, where)
            if item["user"] in seen:
                raise ProjectFileError(line, where, f"a second entry of {item['user']!r}")
            seen.add(item["user"])
            if part == "assignments":
                _one_of(item["status"], ASSIGNMENT_STATUSES, line, f"{part}[{i}].status")


def _check_layer(
    layer: dict[str, Any],
    length: int,
    sentences: int,
    users: Collection[str],
    line: int,
    where: str,
) -> None:
    if layer["seconds"] < 0:
        raise ProjectFileError(line, f"{where}.seconds", "must not be negative")
    spans = layer["spans"]
    for i, span in enumerate(spans):
        at = f"{where}.spans[{i}]"
        if not 0 <= span["start"] < span["end"] <= length:
            raise ProjectFileError(
                line,
                at,
                f"offsets {span['start']}..{span['end']} are not inside the text "
                f"({counted(length, 'character')})",
            )
        if not span["label"]:
            raise ProjectFileError(line, f"{at}.label", "must not be empty")
        if span["version"] < 1:
            raise ProjectFileError(line, f"{at}.version", "must be at least 1")
        _check_score(span["score"], line, at)
        _check_source(span, line, at)
        for name in ("label", "model", "source_layer"):
            _fits(span[name], f"span.{name}", line, f"{at}.{name}")
        check_user(users, span["decided_by"], line, f"{at}.decided_by")
    _check_no_copies(spans, line, where)
    for i, relation in enumerate(layer["relations"]):
        at = f"{where}.relations[{i}]"
        for end in ("from", "to"):
            if not 0 <= relation[end] < len(spans):
                raise ProjectFileError(
                    line,
                    f"{at}.{end}",
                    f"span {relation[end]} is not in the layer "
                    f"(it has {counted(len(spans), 'span')})",
                )
        check_user(users, relation["decided_by"], line, f"{at}.decided_by")
        _check_score(relation["score"], line, at)
        _check_source(relation, line, at)
        for name in ("type", "model", "source_layer"):
            _fits(relation[name], f"relation.{name}", line, f"{at}.{name}")
    _check_no_relation_copies(layer["relations"], spans, line, where)
    units: set[tuple[int | None, str]] = set()
    for i, label in enumerate(layer["labels"]):
        at = f"{where}.labels[{i}]"
        sentence = label["sentence"]
        if sentence is not None and not 0 <= sentence < sentences:
            raise ProjectFileError(
                line,
                f"{at}.sentence",
                f"no sentence {sentence} (the document has {sentences})",
            )
        if (sentence, label["name"]) in units:
            raise ProjectFileError(line, at, f"a second value of {label['name']!r} there")
        units.add((sentence, label["name"]))
        _check_source(label, line, at)
        for name in ("name", "source_layer"):
            _fits(label[name], f"label.{name}", line, f"{at}.{name}")
        check_user(users, label["decided_by"], line, f"{at}.decided_by")


def _check_source(item: dict[str, Any], line: int, at: str) -> None:
    """Refuse a gold item's ``source_how`` or ``source_of`` that no source may hold
    (:func:`annotator.core.gold_source.source_problem`), naming the field."""
    for field, problem in (
        ("source_how", source_problem(item["source_how"])),
        ("source_of", source_problem(None, item["source_of"])),
    ):
        if problem is not None:
            raise ProjectFileError(line, f"{at}.{field}", problem)


#: How to be rid of copies a project file holds: they were stored before the rule, in the
#: database the file was written from, and are merged there (one home for the merge rule:
#: :mod:`annotator.core.copies_merge`).
COPIES_FIX = (
    "; run 'annotator db copies --merge' on the database it was written from, "
    "then 'annotator projects dump' it again"
)


def _check_no_copies(spans: list[dict[str, Any]], line: int, where: str) -> None:
    """Refuse a layer holding two spans of one label and offsets (a layer holds a span once:
    :func:`annotator.core.rules.duplicate_span`), naming both by id and place in the layer,
    and how to merge them (:data:`COPIES_FIX`)."""

    def named(i: int) -> str:
        place = f"{where}.spans[{i}]"
        return place if spans[i]["id"] is None else f"{spans[i]['id']} ({place})"

    places = ((i, s["label"], s["start"], s["end"]) for i, s in enumerate(spans))
    for i, by_place in rules.repeated_spans(places):
        span = spans[i]
        first = by_place.details["span"]  # the earlier span's place
        error = rules.duplicate_span(named(first), span["label"], span["start"], span["end"])
        whose = "" if span["id"] is None else f"span {span['id']}: "
        raise ProjectFileError(line, f"{where}.spans[{i}]", whose + error.message + COPIES_FIX)


def _check_no_relation_copies(
    relations: list[dict[str, Any]], spans: list[dict[str, Any]], line: int, where: str
) -> None:
    """Refuse a layer holding two relations of one type between the same spans (a layer
    holds a relation once: :func:`annotator.core.rules.duplicate_relation`), naming both."""

    def named(part: str, items: list[dict[str, Any]], i: int) -> str:
        place = f"{where}.{part}[{i}]"
        return place if items[i]["id"] is None else f"{items[i]['id']} ({place})"

    first: dict[tuple[str, int, int], int] = {}
    for i, relation in enumerate(relations):
        key = (relation["type"], relation["from"], relation["to"])
        if key not in first:
            first[key] = i
            continue
        source, target = (named("spans", spans, relation[end]) for end in ("from", "to"))
        error = rules.duplicate_relation(relation["type"], source, target)
        whose = "" if relation["id"] is None else f"relation {relation['id']}: "
        there = f": relation {named('relations', relations, first[key])}"
        raise ProjectFileError(
            line, f"{where}.relations[{i}]", whose + error.message + there + COPIES_FIX
        )


def _check_score(score: float | None, line: int, where: str) -> None:
    """Refuse a suggestion's score outside 0 to 1 (CONTRACT 11), which every page shows."""
    if score is not None and not 0 <= score <= 1:
        raise ProjectFileError(line, f"{where}.score", f"{score} is not from 0 to 1")


def _check_against_schema(
    layer: dict[str, Any], schema: dict[str, Any], line: int, where: str
) -> None:
    """Refuse a span, relation or label value of ``layer`` that the schema does not allow."""
    spans = layer["spans"]
    at = where
    try:
        for i, span in enumerate(spans):
            at = f"{where}.spans[{i}]"
            definition = rules.span_label(schema, span["label"])
            rules.check_attributes(definition, span["attributes"])
        for i, relation in enumerate(layer["relations"]):
            at = f"{where}.relations[{i}]"
            kind = rules.relation_type(schema, relation["type"])
            ends = {end: (relation[end], spans[relation[end]]["label"]) for end in ("from", "to")}
            rules.check_relation_ends(kind, ends)
        for i, label in enumerate(layer["labels"]):
            at = f"{where}.labels[{i}]"
            document = label["sentence"] is None
            field = rules.label_field(schema, label["name"], document=document)
            rules.check_value(field, label["value"], f"label {label['name']!r}")
    except Invalid as exc:
        raise ProjectFileError(line, at, exc.message) from None


def _check_decisions(record: dict[str, Any], users: Collection[str], line: int) -> None:
    """Check gold's "none taken" decisions: a difference key each, once, by a listed user."""
    seen: set[str] = set()
    for i, decision in enumerate(record["decisions"]):
        where = f"decisions[{i}]"
        key = decision["difference"]
        if not is_difference_key(key):
            raise ProjectFileError(
                line, f"{where}.difference", f"{key!r} is not a difference's key"
            )
        if key in seen:
            raise ProjectFileError(line, f"{where}.difference", f"a second decision on {key!r}")
        seen.add(key)
        _fits(decision["kind"], "decision.kind", line, f"{where}.kind")
        check_user(users, decision["decided_by"], line, f"{where}.decided_by")


def _one_of(value: str, allowed: Collection[str], line: int, field: str) -> None:
    if value not in allowed:
        raise ProjectFileError(
            line, field, f"{value!r} is not one of {', '.join(map(repr, allowed))}"
        )


def _check_changes(record: dict[str, Any], users: Collection[str], line: int) -> None:
    """Check a document's history: known layers and users, kinds, actions and sources."""
    for i, change in enumerate(record["changes"]):
        where = f"changes[{i}]"
        if change["layer"] != GOLD:
            check_user(users, change["layer"], line, f"{where}.layer")
        check_user(users, change["actor"], line, f"{where}.actor")
        _one_of(change["kind"], history.KINDS, line, f"{where}.kind")
        _one_of(change["action"], history.ACTIONS, line, f"{where}.action")
        _one_of(change["source"], history.SOURCES, line, f"{where}.source")
        if change["item_source"] is not None:  # the history page says it in words
            problem = source_object_problem(change["item_source"])
            if problem is not None:
                raise ProjectFileError(line, f"{where}.item_source", problem)
        item, kind = change["item"], change["kind"]
        if item is not None:
            # A span, a relation or a label value, by its place in its layer's list of them.
            part = ITEM_PARTS.get(kind)
            items: list[Any] = next(
                (x[part] for x in record["layers"] if part and x["name"] == change["layer"]),
                [],
            )
            if not 0 <= item < len(items):
                raise ProjectFileError(
                    line, f"{where}.item", f"no {kind} {item} in layer {change['layer']!r}"
                )
