"""Decoding the files of an import: UTF-8 unless another encoding is chosen or a byte-order
mark says one, and a refusal that says which encoding the bytes are likely in and how to fix
the file.

Pure. CONTRACT section 9: files are UTF-8 and one that does not decode is refused, naming
the file. An encoding is never guessed into the database (a wrong guess would store wrong
characters with no word said); it is guessed into the message only, beside the character a
byte would be, so that whoever imports can tell at a glance whether the guess is right.
"""

from __future__ import annotations

import codecs

from annotator.core.formats.option_words import OptionWords
from annotator.core.formats.read_options import ENCODINGS, ReadOptions
from annotator.core.formats.records import FormatError

#: How much of the line around a byte that does not decode is quoted, each side.
QUOTED_AROUND = 24
#: How to save as UTF-8 where most such files come from.
SAVE_AS_UTF8 = (
    'save the file as UTF-8 (Excel: Save As, "CSV UTF-8 (Comma delimited)"; a text editor: '
    "Save with Encoding, UTF-8)"
)


def decode(data: bytes, *, keep_bom: bool = False) -> str:
    """Decode UTF-8 (a leading byte-order mark dropped unless ``keep_bom``); never guess.

    ``keep_bom``: a reader whose offsets count the mark keeps it, to move them past it later.
    """
    try:
        return data.decode("utf-8" if keep_bom else "utf-8-sig")
    except UnicodeDecodeError as exc:
        said = f"{_not_valid(data, exc, 'UTF-8')}; files must be UTF-8"
        raise FormatError(said, _line(data, exc.start)) from None


def decode_as(data: bytes, reading: ReadOptions) -> str:
    """Decode a file in the encoding ``reading`` chose, or in the one its byte-order mark
    says (:func:`marked_encoding`); a UTF-8 file that does not decode is refused with the
    likely encoding and how to read or save it (:func:`likely_fix`)."""
    if marked_encoding(data) is not None:
        return _decode_marked(data, reading)
    if reading.encoding != "utf-8":
        try:
            return data.decode(reading.encoding)
        except UnicodeDecodeError as exc:
            name = ENCODINGS[reading.encoding]
            said = f"{_not_valid(data, exc, name)}: it is not in the encoding chosen"
            raise FormatError(said, _line(data, exc.start)) from None
    try:
        return decode(data)
    except FormatError as exc:
        raise FormatError(f"{exc.message}. {likely_fix(data, reading.words)}", exc.line) from None


#: Each byte-order mark, with the encoding it says and the codec that reads what follows.
_MARKS = {
    codecs.BOM_UTF8: ("utf-8", "utf-8"),
    codecs.BOM_UTF16_LE: ("utf-16", "utf-16-le"),
    codecs.BOM_UTF16_BE: ("utf-16", "utf-16-be"),
}


def marked_encoding(data: bytes) -> str | None:
    """Return the encoding that the byte-order mark ``data`` starts with says (``utf-8`` or
    ``utf-16``), or None when it starts with none.

    The mark decides whatever encoding was chosen: read as Windows-1252 or Latin-1, UTF-8's
    mark was kept as "\u00ef\u00bb\u00bf" at the start of the first document (Excel's "CSV
    UTF-8" writes it), and no text in those encodings starts with those characters.
    """
    for mark, (encoding, _) in _MARKS.items():
        if data.startswith(mark):
            return encoding
    return None


def _decode_marked(data: bytes, reading: ReadOptions) -> str:
    """Decode ``data`` in the encoding its byte-order mark says, the mark dropped; bytes
    after the mark that are not in it are refused, saying that the mark decided."""
    mark = next(mark for mark in _MARKS if data.startswith(mark))
    encoding, codec = _MARKS[mark]
    try:
        return data[len(mark) :].decode(codec)
    except UnicodeDecodeError as exc:
        # Counted in the whole file, mark included, as every other refusal counts.
        exc.start += len(mark)
        name = ENCODINGS[encoding]
        said = (
            f"{_not_valid(data, exc, name)}: the file starts with {name}'s byte-order mark, "
            f"which decides its encoding whatever is chosen ({ENCODINGS[reading.encoding]} "
            f"was); {SAVE_AS_UTF8}, or save it without the mark and choose its encoding"
        )
        raise FormatError(said, _line(data, exc.start)) from None


def likely_fix(data: bytes, words: OptionWords) -> str:
    """Say which encoding ``data`` (not UTF-8) likely is, showing the first character that
    UTF-8 could not read as that encoding reads it, and how to import it."""
    # A file with UTF-16's mark (Excel's "Unicode Text", Notepad's "Unicode") never comes
    # here: the mark decides (marked_encoding).
    try:
        as_cp1252 = data.decode("cp1252")
    except UnicodeDecodeError:
        return f"Its encoding is not one we can tell: {SAVE_AS_UTF8}"
    at = _first_bad_byte(data)
    character = data[at : at + 1].decode("cp1252")
    line_start = data.rfind(b"\n", 0, at) + 1
    # cp1252 is one byte per character, so the byte offset is the character offset too.
    before = as_cp1252[max(line_start, at - QUOTED_AROUND) : at]
    after = as_cp1252[at : at + QUOTED_AROUND].split("\n")[0]
    return (
        f"It reads as Windows-1252 (cp1252), which Excel writes on Windows: 0x{data[at]:02x} is "
        f'{character!r} there ("{before}{after}"). If that is right, {SAVE_AS_UTF8}, or '
        f"{words.encoding_with('cp1252', ENCODINGS['cp1252'])}"
    )


def _first_bad_byte(data: bytes) -> int:
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return exc.start
    return 0


def _not_valid(data: bytes, exc: UnicodeDecodeError, name: str) -> str:
    return f"not valid {name} (byte 0x{data[exc.start]:02x} at offset {exc.start})"


def _line(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1
