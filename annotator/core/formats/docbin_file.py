"""The bytes of a spaCy ``DocBin`` file, written with memory flat however many Docs it holds.

``DocBin.to_bytes`` packs one msgpack map (``version``, ``attrs``, ``tokens``, ``spaces``,
``lengths``, ``strings``, ``cats``, ``flags``, ``span_groups``, ``user_data``) and compresses
it with ``zlib.compress``. The map's first large value, the token array of every Doc, is one
byte string whose length comes first, so no byte can be compressed before the last Doc is
known. Instead of keeping every Doc in memory until then, :class:`DocBinFile` writes each
Doc's parts to temporary files as it is added (each list of the map is its items' msgpack
one after the other, so an item is packed once and never again) and at the end streams the
map from them through one compressor: the very map ``to_bytes`` packs, with the memory of
a few buffers. Small files never touch the disk (the temporary files are spooled).

A Doc's token rows are kept in the files as the only columns that can be other than zero
(ORTH, NORM, SENT_START, ENT_IOB and ENT_TYPE: a tokenizer sets no other, and spaCy refuses
a tokenizer exception that would), and made whole at the end.
"""

from __future__ import annotations

import tempfile
import zlib
from array import array
from collections.abc import Iterator
from typing import IO, Any

#: zlib's level. ``DocBin.to_bytes`` uses zlib's default (6), which cost more CPU than the
#: whole jsonl export of the same project (0.66 s for the 96 MB map of 100,000 spans, where
#: level 2 takes 0.24 s) for a file 27 % smaller (3.8 MB against 5.2 MB). spaCy reads any
#: level: the map inside is the very one ``to_bytes`` packs (docs/benchmarks.md, "The spaCy
#: export against jsonl").
COMPRESSION_LEVEL = 2
#: Bytes a temporary file keeps in memory before it moves to disk.
SPOOLED = 4 << 20
#: Bytes read from a temporary file at a time when it is streamed into the compressor.
READ = 1 << 20
#: Token rows made whole and compressed at a time.
ROWS = 8192
# Each Doc's ``flags``: ``DocBin.add`` records whether the Doc's spaces are unknown; a Doc
# made by a tokenizer knows them.
_FLAGS = {"has_unknown_spaces": False}


class DocBinFile:
    """A DocBin being filled Doc by Doc, kept in temporary files; :meth:`chunks` writes it.

    :param attrs: the DocBin's token attributes (``DocBin().attrs``), in order.
    :param columns: the positions in ``attrs`` of the columns a Doc's rows are given as
        (the others are zero).
    """

    def __init__(self, version: str, attrs: list[Any], columns: list[int]) -> None:
        import numpy
        import srsly

        self.numpy = numpy
        self.version = version
        self.attrs = attrs
        self.columns = columns
        self.packer = srsly.msgpack.Packer(use_bin_type=True)
        self.strings: set[str] = set()
        self.lengths = array("i")
        self.files: dict[str, IO[bytes]] = {}
        self.flags = self.packer.pack(_FLAGS)

    def _file(self, name: str) -> IO[bytes]:
        found = self.files.get(name)
        if found is None:
            # Closed by close(), which the writer calls however the export ends.
            found = tempfile.SpooledTemporaryFile(SPOOLED)  # noqa: SIM115
            self.files[name] = found
        return found

    def add(
        self,
        length: int,
        tokens: Any,
        spaces: bytes,
        cats: dict[str, float],
        span_groups: bytes,
        user_data: bytes,
    ) -> None:
        """Add a Doc of ``length`` tokens.

        :param tokens: its rows as a ``(len(columns), length)`` uint64 array of ``columns``.
        :param spaces: ``doc.to_array(SPACY)`` as booleans, in bytes.
        :param span_groups: ``doc.spans.to_bytes()``.
        :param user_data: ``doc.user_data`` packed.
        """
        self.lengths.append(length)
        pack = self.packer.pack
        self._file("tokens").write(tokens.tobytes("C"))
        self._file("spaces").write(spaces)
        self._file("cats").write(pack(cats))
        self._file("span_groups").write(pack(span_groups))
        self._file("user_data").write(pack(user_data))

    def close(self) -> None:
        """Remove the temporary files."""
        for file in self.files.values():
            file.close()
        self.files.clear()

    def chunks(self) -> Iterator[bytes]:
        """Yield the file's bytes: the map ``DocBin.to_bytes`` packs, zlib-compressed."""
        compressor = zlib.compressobj(COMPRESSION_LEVEL)
        for piece in self._msgpack():
            compressed = compressor.compress(piece)
            if compressed:
                yield compressed
        yield compressor.flush()

    def _msgpack(self) -> Iterator[bytes]:
        """Yield the map ``DocBin.to_bytes`` packs, key by key, in pieces."""
        pack, packer, docs = self.packer.pack, self.packer, len(self.lengths)
        width = 8 * len(self.attrs)
        yield packer.pack_map_header(10)
        yield pack("version") + pack(self.version) + pack("attrs") + pack(self.attrs)
        yield pack("tokens") + _bin_header(width * sum(self.lengths))
        yield from self._token_rows()
        yield pack("spaces") + _bin_header(sum(self.lengths))
        yield from self._stream("spaces")
        lengths = self.numpy.asarray(self.lengths, dtype="int32").tobytes("C")
        yield pack("lengths") + pack(lengths) + pack("strings") + pack(sorted(self.strings))
        yield pack("cats") + packer.pack_array_header(docs)
        yield from self._stream("cats")
        yield pack("flags") + packer.pack_array_header(docs)
        for first in range(0, docs, ROWS):
            yield self.flags * min(ROWS, docs - first)
        yield pack("span_groups") + packer.pack_array_header(docs)
        yield from self._stream("span_groups")
        yield pack("user_data") + packer.pack_array_header(docs)
        yield from self._stream("user_data")

    def _stream(self, name: str) -> Iterator[bytes]:
        file = self.files.get(name)
        if file is None:
            return
        file.seek(0)
        while piece := file.read(READ):
            yield piece

    def _token_rows(self) -> Iterator[bytes]:
        """Yield every Doc's rows as ``doc.to_array(attrs)`` gives them, ``ROWS`` at a time."""
        numpy, file = self.numpy, self.files.get("tokens")
        if file is None:
            return
        file.seek(0)
        width, columns, kept = len(self.attrs), self.columns, len(self.columns)
        rows = numpy.zeros((ROWS, width), dtype=numpy.uint64)
        filled = 0
        for length in self.lengths:
            data = numpy.frombuffer(file.read(8 * kept * length), numpy.uint64)
            data = data.reshape((kept, length))
            if filled + length > ROWS:
                yield rows[:filled].tobytes("C")
                rows[:filled, columns] = 0
                filled = 0
            if length > ROWS:  # a long Doc, on its own
                whole = numpy.zeros((length, width), dtype=numpy.uint64)
                whole[:, columns] = data.T
                yield whole.tobytes("C")
                continue
            rows[filled : filled + length, columns] = data.T
            filled += length
        if filled:
            yield rows[:filled].tobytes("C")


def _bin_header(size: int) -> bytes:
    """Return msgpack's header of a byte string of ``size`` bytes (bin 8, 16 or 32)."""
    if size < 1 << 8:
        return b"\xc4" + size.to_bytes(1, "big")
    if size < 1 << 16:
        return b"\xc5" + size.to_bytes(2, "big")
    return b"\xc6" + size.to_bytes(4, "big")
