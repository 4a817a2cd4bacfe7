"""Importing documents over HTTP: ``POST /projects/<slug>/documents`` (CONTRACT sections 4, 5).

The body is a JSON array of records, JSONL (one record per line), or a multipart upload of
files in ``file`` fields, read by extension like ``annotator import`` reads them, or, with a
``format`` field, as another tool's corpus (``annotator import --format``, with the fields
``map``, ``annotator`` and ``create_users`` for the command's options; ``encoding``,
``text_column``, ``id_column``, ``title_column`` and ``meta_columns`` for files read by
extension, as ``--encoding`` and ``--text-column`` ... read them). A JSON or JSONL
body takes ``annotator`` (also named ``layer``), ``create_users`` and ``map`` in the query.
``skip_same_texts=true`` (a field, or in the query) leaves out a new document whose text is
already there, listed in ``skipped`` with ``same_as``, as ``--skip-same-texts`` does.
A body that cannot be read (a JSON array that does not parse, JSONL with a line that is not
JSON) is 400 ``malformed``; records that break the rules are 422 ``import_failed``. JSONL's
lines are all read either way, so ``details`` lists every problem, the lines that are not JSON
among the others, as the same lines uploaded as a file are listed; nothing is stored.
Admins, the project's managers and global reviewers may import; each import is recorded in
the audit log (``documents.import``). The ``map`` of a multipart upload applies without a
``format`` too, to the annotations of doccano, Label Studio and ``jsonl`` records.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask import current_app, request

from annotator.api import bp, caller
from annotator.api.idempotency import keyless
from annotator.api.layer_query import asked_layer
from annotator.core.body_text import BodyNotUtf8, body_text
from annotator.core.errors import ImportFailed, Malformed
from annotator.core.formats.option_words import OptionWords
from annotator.core.formats.read_options import read_options
from annotator.core.formats.readers import (
    FormatError,
    Item,
    json_array_items,
    jsonl_items,
    records_from_objects,
)
from annotator.core.wording import counted
from annotator.db import get_session
from annotator.services.datasets.import_options import DatasetOptions
from annotator.services.datasets.import_refusal import MAX_DETAILS
from annotator.services.datasets.imports import import_items
from annotator.services.datasets.uploads import (
    corpus_options,
    import_uploads,
    importable_project,
    record_import,
    unpacked_limit,
)
from annotator.services.history import acting

JSONL_TYPES = frozenset(
    {
        "application/x-ndjson",
        "application/jsonl",
        "application/x-jsonlines",
        "application/jsonlines",
    }
)
#: How the import's messages name this endpoint's multipart fields.
API_WORDS = OptionWords(
    label_map="the 'map' field",
    map_entry="{entry} in the 'map' field",
    format="a 'format' field",
    give_annotator="name one (a username, or gold) in the 'annotator' field",
    create_users="send create_users=true",
    make_users="POST /api/v1/users",
    plain_import="import JSON by sending it without a 'format' field",
    texts_only="texts_only=true",
    annotator="the 'annotator' field",
    choose_encoding="send encoding={encoding}",
    choose_column="send {name}={column}",
    delete_document="DELETE /api/v1/documents/{id}",
    choose_format="send format={format} with the files (a field of this multipart request)",
)
#: The multipart fields that say how files read by extension are read, in the order
#: :func:`read_options` takes them.
READING_FIELDS = ("encoding", "text_column", "id_column", "title_column", "meta_columns")
#: How they are named for a JSON or JSONL body, whose options are query parameters: a
#: script cannot send the multipart fields (nor the command line's flags) with it.
BODY_WORDS = replace(
    API_WORDS,
    label_map="the 'map' query parameter",
    map_entry="?map={entry}",
    give_annotator="name one (a username, or gold) with ?annotator=NAME",
    create_users="add ?create_users=true",
)
#: The field (or, with a JSON or JSONL body, the query parameter) that leaves out documents
#: whose text is already there (``annotator import --skip-same-texts``).
SKIP_SAME_TEXTS = "skip_same_texts"
# Where the problems of a request body are said to be, in ``details[].file``.
BODY = "request"


@bp.post("/projects/<slug>/documents")
@keyless
def import_documents(slug: str) -> Any:
    """Import documents into a project, all or nothing; answer 201 with the import report."""
    user = caller()
    session = get_session()
    project = importable_project(session, user, slug)
    if request.mimetype == "multipart/form-data":
        options, format = _corpus_options()
        limit = unpacked_limit(current_app.config)
        files = _uploaded_files()
        report = import_uploads(session, project, user, files, options, format, limit)
    else:
        options = _body_options()
        items, not_json = _body_items()
        try:
            with acting(session, user, "import"):
                report = import_items(session, project, items, options=replace(options, actor=user))
        except ImportFailed as failed:
            if not_json is None:
                raise
            # CONTRACT section 4: a body that does not parse is 400, with every problem listed.
            raise Malformed(not_json, details=failed.details) from None
        record_import(session, project, user, report, [BODY])
    session.commit()
    return report.as_dict(), 201


def _body_items() -> tuple[list[Item], str | None]:
    """Read the request body into records and problems, or raise :class:`Malformed`; with
    them, what to say if some JSONL lines are not JSON (``None`` if every line is)."""
    if request.mimetype == "application/x-www-form-urlencoded":
        raise Malformed(_USAGE)
    if request.mimetype in _CSV_TYPES:
        # Read as JSONL it was refused as "not JSONL", which said nothing of the way that works.
        raise Malformed(
            "send CSV as a multipart file: a 'file' field of a multipart/form-data upload, "
            "its name ending in .csv (curl -F file=@data.csv); a request body is a JSON array "
            "or JSONL",
            details={"field": "Content-Type"},
        )
    try:
        text = body_text(request.get_data())
    except BodyNotUtf8 as exc:
        raise Malformed(_as_a_file(exc)) from None
    if not text.strip():
        raise Malformed(f"the body is empty; {_USAGE}")
    if request.mimetype in JSONL_TYPES:
        jsonl = True
    elif request.mimetype == "application/json":
        jsonl = False
    else:
        # No or a generic Content-Type: an array is JSON, anything else is read as JSONL.
        jsonl = not text.lstrip().startswith("[")
    if jsonl:
        pairs, not_json = _jsonl_pairs(text)
        return list(records_from_objects(BODY, pairs)), not_json
    return list(records_from_objects(BODY, _array_pairs(text), array=True)), None


def _as_a_file(exc: BodyNotUtf8) -> str:
    """Say a body that is not UTF-8, and this endpoint's other way: the file as it is, sent
    in a multipart upload with the encoding it likely is."""
    if exc.likely is None:
        return exc.message
    return (
        f"{exc.message}; or send the file as it is in a 'file' field of a multipart/form-data "
        f"upload with encoding={exc.likely}"
    )


def _array_pairs(text: str) -> list[tuple[int, Any]]:
    try:
        return json_array_items(text)
    except FormatError as exc:
        where = f" (line {exc.line})" if exc.line else ""
        raise Malformed(f"the body is not a JSON array of records: {exc.message}{where}") from None


def _jsonl_pairs(text: str) -> tuple[list[tuple[int, Any]], str | None]:
    """Return the body's lines as JSON values, a bad line's as its :class:`FormatError` (a
    problem of the import like every other, listed with them as a file's is), and what to say
    of the lines that are not JSON, if any. A body none of whose lines is JSON is not JSONL
    at all: :class:`Malformed` at once."""
    pairs = list(jsonl_items(text))
    bad = [
        {"file": BODY, "line": line, "message": value.message}
        for line, value in pairs
        if isinstance(value, FormatError)
    ]
    if not bad:
        return pairs, None
    first = f"line {bad[0]['line']}: {bad[0]['message']}"
    said = f"the body is not JSONL: not valid JSON on {counted(len(bad), 'line')}; {first}"
    if len(bad) == len(pairs):
        raise Malformed(said, details=bad[:MAX_DETAILS])
    return pairs, said


def _body_options() -> DatasetOptions:
    """Return the options of a JSON or JSONL body from the query: ``annotator`` (or its other
    name, ``layer``) for records that name no layer, ``create_users``, and ``map`` (the
    label map of ``annotator import --map``)."""
    said = "the query parameter"
    create_users = _true_or_false(request.args.get("create_users"), said)
    skip = _true_or_false(request.args.get(SKIP_SAME_TEXTS), said, SKIP_SAME_TEXTS)
    return corpus_options(
        create_users, asked_layer(), request.args.get("map"), BODY_WORDS, skip_same_texts=skip
    )


def _corpus_options() -> tuple[DatasetOptions, str | None]:
    """Return the command's options from a multipart upload's fields, and its ``format``."""
    form = request.form
    create_users = _true_or_false(form.get("create_users"), "the field")
    texts_only = _true_or_false(form.get("texts_only"), "the field", "texts_only")
    skip = _true_or_false(form.get(SKIP_SAME_TEXTS), "the field", SKIP_SAME_TEXTS)
    options = corpus_options(
        create_users, form.get("annotator"), form.get("map"), API_WORDS, texts_only, skip
    )
    options.reading = read_options(*(form.get(name) for name in READING_FIELDS))
    return options, form.get("format", "").strip() or None


def _true_or_false(given: str | None, said_as: str, name: str = "create_users") -> bool:
    """Return the flag ``name`` as given (absent: false), or raise :class:`Malformed` naming it."""
    value = (given or "false").strip().lower()
    if value not in ("true", "false"):
        raise Malformed(
            f"{said_as} {name!r} must be true or false, not {value!r}",
            details={"field": name},
        )
    return value == "true"


def _uploaded_files() -> list[tuple[str, bytes]]:
    # ``file`` fields, as documented; ``files`` is the project page's form's name for them.
    files = request.files.getlist("file") + request.files.getlist("files")
    if not files:
        raise Malformed(f"no 'file' field in the multipart upload; {_USAGE}")
    return [(upload.filename or "", upload.read()) for upload in files]


_CSV_TYPES = ("text/csv", "application/csv")
_USAGE = (
    "send a JSON array of records, JSONL (Content-Type application/x-ndjson), "
    "or files in 'file' fields of a multipart/form-data upload"
)
