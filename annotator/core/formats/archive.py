"""Writing several files as one stream: a zip archive made piece by piece.

Exports that are a folder (brat, ``hf``, any format split into train, dev and test) go out
over HTTP as one zip, streamed as it is written so that memory stays flat; the command line
writes the same members into a folder instead.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator

#: A file of a folder export: its path inside the folder and its bytes, streamed.
Member = tuple[str, Iterable[bytes]]


class Sink:
    """A write-only file that hands over what was written since the last :meth:`drain`."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.position = 0

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        self.position += len(data)
        return len(data)

    def tell(self) -> int:
        return self.position

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass  # the writer handed this file may close it; what it wrote stays to drain

    @property
    def closed(self) -> bool:
        return False

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def readable(self) -> bool:
        return False

    def drain(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        return data


def zip_stream(members: Iterable[Member]) -> Iterator[bytes]:
    """Yield a zip archive of ``members``, each compressed as its chunks arrive."""
    sink = Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, chunks in members:
            # force_zip64: the size of a streamed member is not known before it is written.
            with archive.open(name, "w", force_zip64=True) as member:
                for chunk in chunks:
                    member.write(chunk)
                    data = sink.drain()
                    if data:
                        yield data
            yield sink.drain()
    yield sink.drain()
