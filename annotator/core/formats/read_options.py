"""How files read by extension are read: their encoding, and which CSV columns are what.

Pure. One set of options for the three faces (``annotator import --encoding --text-column
...``, the project page's upload form, the API's multipart fields), built and checked here
by :func:`read_options`; the readers (:mod:`annotator.core.formats.readers`) apply them and
word their refusals in the face's own :class:`OptionWords`.

The defaults are CONTRACT section 5's: UTF-8, a ``text`` column, ``id`` and ``title`` when
the header has them, every other column into ``meta``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.core.errors import Invalid
from annotator.core.formats.option_words import COMMAND_LINE, OptionWords, column_option
from annotator.core.formats.records import RECORD_FIELDS

#: The encodings a file may be read in, with how the page names each: those Excel and
#: Windows text editors write besides UTF-8. Latin-1 reads any bytes at all, so it is
#: never guessed, only chosen.
ENCODINGS = {
    "utf-8": "UTF-8",
    "cp1252": "Windows-1252",
    "latin-1": "Latin-1 (ISO-8859-1)",
    "utf-16": "UTF-16",
}
DEFAULT_ENCODING = "utf-8"
#: The roles a CSV column may be given, in the order messages list them: a record's fields,
#: each of one column but ``meta``, which gathers several.
COLUMN_ROLES = RECORD_FIELDS


@dataclass(frozen=True)
class CsvColumns:
    """Which columns of a CSV file hold what; None is the default of CONTRACT section 5."""

    #: The text's column (None: ``text``).
    text: str | None = None
    #: The id's and the title's columns (None: ``id`` and ``title`` when the header has them).
    id: str | None = None
    title: str | None = None
    #: The columns kept in ``meta`` (None: every column not read as text, id or title).
    meta: tuple[str, ...] | None = None

    @property
    def text_name(self) -> str:
        """Return the name of the text's column."""
        return self.text or "text"

    def chosen(self) -> list[tuple[str, str]]:
        """Return ``(role, column)`` for each column named by the options, meta's one by one."""
        pairs = [(role, getattr(self, role)) for role in COLUMN_ROLES if role != "meta"]
        named = [(role, column) for role, column in pairs if column is not None]
        return named + [("meta", column) for column in self.meta or ()]


@dataclass(frozen=True)
class ReadOptions:
    """How to read files by extension, and how the face that gave the options names them."""

    encoding: str = DEFAULT_ENCODING
    columns: CsvColumns = field(default_factory=CsvColumns)
    #: How the face names these options: the import's (``DatasetOptions.words``), set as
    #: the files are read.
    words: OptionWords = COMMAND_LINE

    @property
    def is_default(self) -> bool:
        """Return whether nothing was chosen (what a ``--format`` corpus import requires)."""
        return self.encoding == DEFAULT_ENCODING and self.columns == CsvColumns()


def read_options(
    encoding: str | None = None,
    text_column: str | None = None,
    id_column: str | None = None,
    title_column: str | None = None,
    meta_columns: str | None = None,
) -> ReadOptions:
    """Return the options as a face gives them: blank is none (a form's empty field);
    ``meta_columns`` is comma-separated.

    :raises Invalid: for an encoding not in :data:`ENCODINGS`, or a column given two roles.
    """
    encoding = (encoding or "").strip().lower() or DEFAULT_ENCODING
    if encoding not in ENCODINGS:
        raise Invalid(
            f"unknown encoding {encoding!r}; use one of {', '.join(ENCODINGS)}",
            details={"field": "encoding"},
        )
    meta = None
    if meta_columns is not None and meta_columns.strip():
        meta = tuple(name.strip() for name in meta_columns.split(",") if name.strip())
    columns = CsvColumns(_given(text_column), _given(id_column), _given(title_column), meta)
    roles: dict[str, str] = {}
    for role, column in columns.chosen():
        if column in roles:
            raise Invalid(
                f"the column {column!r} is given as the {roles[column]} column and as the "
                f"{role} column; a column holds one of them",
                details={"field": column_option(role)},
            )
        roles[column] = role
    return ReadOptions(encoding, columns)


def _given(value: str | None) -> str | None:
    return (value or "").strip() or None
