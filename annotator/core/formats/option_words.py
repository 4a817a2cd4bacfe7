"""How each face names the options of a corpus import, for the import's own messages.

Pure. The command line, the import page and the API share the import's rules and its
messages; a message that asks for an option ("give one with --annotator NAME") must name
it as the reader of that message knows it: a flag, a field of the page, a field of the
request. Each face builds one :class:`OptionWords` where it defines its options, and the
services take it with the options (:class:`~annotator.services.datasets.import_options.
DatasetOptions`, :func:`~annotator.core.formats.label_map.parse_map`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OptionWords:
    """The phrases that name a face's import options inside the import's messages."""

    #: The label map, as a noun: ``--map``, ``the Label map``.
    label_map: str
    #: An entry added to the label map, ``{entry}`` standing for it: ``--map {entry}``.
    map_entry: str
    #: The format, as a noun: ``--format``.
    format: str
    #: How to give the layer of files that name no annotator.
    give_annotator: str
    #: How to have unknown annotators created; None where the face cannot (the project
    #: page's plain upload), whose message then says to make the accounts first.
    create_users: str | None
    #: Where an annotator's account is made beforehand.
    make_users: str
    #: How to import files of our own formats (JSON, JSONL) rather than as a corpus.
    plain_import: str
    #: The choice that brings a corpus's texts in with no layer, as a noun.
    texts_only: str = "--texts-only"
    #: The layer of files that name no annotator, as a noun.
    annotator: str = "--annotator"
    #: How to read a file in another encoding; ``{encoding}`` is its code (``cp1252``),
    #: ``{name}`` what the page calls it (``Windows-1252``).
    choose_encoding: str = "import it with --encoding {encoding}"
    #: How to choose a CSV column: ``{name}`` the option (``meta_columns``), ``{flag}`` its
    #: command-line spelling (``meta-columns``), ``{Label}`` its form label, ``{column}`` the value.
    choose_column: str = "--{flag} {column}"
    #: How to import a corpus's file (``.conll``, ``.ann``) as the corpus it is: ``{format}``
    #: its format's name (``conll``).
    choose_format: str = (
        "import the corpus on the project's page 'Import another tool's corpus', or with "
        "annotator import --format {format}"
    )
    #: How to delete a document: ``{slug}``, ``{number}`` (its ``#``) and ``{id}`` (its row).
    delete_document: str = "annotator documents delete {slug} {number}"

    def map_with(self, entry: str) -> str:
        """Return how to add ``entry`` (``NAME=OURS``) to the label map."""
        return self.map_entry.format(entry=entry)

    def encoding_with(self, encoding: str, name: str) -> str:
        """Return how to read a file as ``encoding`` (its code and the name people know)."""
        return self.choose_encoding.format(encoding=encoding, name=name)

    def format_as(self, format: str) -> str:
        """Return how to read the files given as a corpus of ``format`` (``conll``)."""
        return self.choose_format.format(format=format)

    def column_as(self, role: str, column: str) -> str:
        """Return how to read ``column`` of a CSV file as ``role`` (text, id, title, meta;
        for meta, ``column`` is the whole comma-separated list, as the option takes it)."""
        name = column_option(role)
        return self.choose_column.format(
            name=name,
            flag=name.replace("_", "-"),
            Label=name.replace("_", " ").capitalize(),
            column=column,
        )

    def deleting(self, slug: str, number: int, document_id: int) -> str:
        """Return how to delete a project's document, named by its number and row id."""
        return self.delete_document.format(slug=slug, number=number, id=document_id)


#: The command line's words (``annotator import``), also those of callers without a face.
COMMAND_LINE = OptionWords(
    label_map="--map",
    map_entry="--map {entry}",
    format="--format",
    give_annotator="give one with --annotator NAME (or gold)",
    create_users="import with --create-users",
    make_users="annotator users create",
    plain_import="import JSON without --format",
)


def column_option(role: str) -> str:
    """Return the option (and form field) that chooses the CSV column(s) of ``role``:
    ``text_column``, ``id_column``, ``title_column``, or ``meta_columns``, a list."""
    return "meta_columns" if role == "meta" else f"{role}_column"
