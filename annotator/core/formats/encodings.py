"""Decoding the files of an import: UTF-8 unless another encoding is chosen, and a refusal
that says which encoding the bytes are likely in and how to fix the file.

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


def decode_as(data: bytes, reading: ReadOptions, *, keep_bom: bool = False) -> str:
    """Decode a file in the encoding ``reading`` chose; a UTF-8 file that does not decode
    is refused with the likely encoding and how to read or save it (:func:`likely_fix`).

    ``keep_bom``: as :func:`decode`'s, for a UTF-8 file (brat's offsets count the mark).
    """
    if reading.encoding != "utf-8":
        try:
            return data.decode(reading.encoding)
        except UnicodeDecodeError as exc:
            name = ENCODINGS[reading.encoding]
            said = f"{_not_valid(data, exc, name)}: it is not in the encoding chosen"
            raise FormatError(said, _line(data, exc.start)) from None
    try:
        return decode(data, keep_bom=keep_bom)
    except FormatError as exc:
        raise FormatError(f"{exc.message}. {likely_fix(data, reading.words)}", exc.line) from None


def likely_fix(data: bytes, words: OptionWords) -> str:
    """Say which encoding ``data`` (not UTF-8) likely is, showing the first character that
    UTF-8 could not read as that encoding reads it, and how to import it."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Excel's "Unicode Text" and Windows Notepad's "Unicode": the mark says so surely.
        return (
            f"It starts with UTF-16's byte-order mark: {SAVE_AS_UTF8}, or "
            f"{words.encoding_with('utf-16', ENCODINGS['utf-16'])}"
        )
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
