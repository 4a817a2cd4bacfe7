"""A JSON request body as text: UTF-8, as RFC 8259 has JSON sent between systems.

Pure. Every JSON body of the API is read here (the app's JSON provider, ``web/flask_app.py``
``Answers.loads``, and the import endpoint's JSON and JSONL bodies, ``api/imports.py``).
``json.loads`` given bytes guesses UTF-16 and UTF-32 as well: a body in UTF-16 went in on
every endpoint but the import, which refused it, and a body in Windows-1252 was refused with
its byte and no way on. A body in another encoding is refused here, naming the byte, its
offset, the encoding it likely is, and how to send it. A leading byte-order mark is dropped,
as RFC 8259 lets a reader do. A ``charset`` in ``Content-Type`` is not read: it would only
ever name an encoding that is refused.
"""

from __future__ import annotations

import codecs

#: How to send a body as UTF-8, said at the end of every refusal.
SEND_AS_UTF8 = (
    "JSON sent to the API must be UTF-8, whatever charset Content-Type names: encode the "
    "body as UTF-8 before sending it (Python: json.dumps(value).encode('utf-8'), or "
    "requests' json=value; curl: --data-binary @FILE with FILE saved as UTF-8)"
)


class BodyNotUtf8(ValueError):
    """A request body that is not UTF-8; ``likely`` is the encoding it likely is (``utf-16``
    or ``cp1252``), or None when there is no telling."""

    def __init__(self, message: str, likely: str | None) -> None:
        super().__init__(message)
        self.message = message
        self.likely = likely


def body_text(data: bytes | bytearray) -> str:
    """Return a request body decoded as UTF-8, a leading byte-order mark dropped.

    :raises BodyNotUtf8: naming the first byte that is not UTF-8, its offset and the fix.
    """
    data = bytes(data)
    # A raw NUL is never JSON, though it is UTF-8: UTF-16 without its mark puts one beside
    # every ASCII character. Said where it comes first, before a byte UTF-8 cannot read.
    nul = data.find(b"\x00")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _refusal(data, exc.start if nul < 0 else min(nul, exc.start)) from None
    if nul >= 0:
        raise _refusal(data, nul)
    return text[1:] if text.startswith("\ufeff") else text


def _refusal(data: bytes, at: int) -> BodyNotUtf8:
    """Return the refusal of ``data``, whose byte at offset ``at`` is not UTF-8 JSON."""
    byte = f"byte 0x{data[at]:02x} at offset {at}"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        why, likely = "it starts with UTF-16's byte-order mark", "utf-16"
    elif data[at] == 0:
        why, likely = "a NUL byte, which UTF-16 puts beside every ASCII character", "utf-16"
    else:
        try:
            character = data[at : at + 1].decode("cp1252")
        except UnicodeDecodeError:
            why, likely = "", None
        else:
            why, likely = f"it reads as {character!r} in Windows-1252 (cp1252)", "cp1252"
    said = f"the request body is not UTF-8 ({byte})" + (f": {why}" if why else "")
    return BodyNotUtf8(f"{said}; {SEND_AS_UTF8}", likely)
