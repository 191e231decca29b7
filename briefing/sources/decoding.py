"""Content-Encoding decoding bounded by the size of what it produces.

httpx decodes each network chunk in one call, so a few kilobytes of nested gzip
("Content-Encoding: gzip, gzip") expand to gigabytes before any size check can run.
Here every layer is asked for a bounded amount at a time, and decoding stops once the
decoded body (or any layer in between) is past the limit.
"""

from __future__ import annotations

import zlib

STEP = 64 * 1024
"""Most bytes one layer produces per call."""
MAX_LAYERS = 3
"""Most encodings stacked on one body: more is an attack, not a server's choice."""


class ContentEncodingError(Exception):
    """The body's Content-Encoding is unknown or its bytes do not decode."""


class _Layer:
    """One encoding: gzip, deflate (zlib-wrapped or raw, as servers send both)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.raw_deflate_tried = False
        wbits = zlib.MAX_WBITS | 16 if name in ("gzip", "x-gzip") else zlib.MAX_WBITS
        self.inflater = zlib.decompressobj(wbits)

    def decompress(self, data: bytes, most: int) -> bytes:
        try:
            out = self.inflater.decompress(data, most)
        except zlib.error as err:
            if self.name == "deflate" and not self.raw_deflate_tried:
                self.raw_deflate_tried = True  # raw deflate, without the zlib header
                self.inflater = zlib.decompressobj(-zlib.MAX_WBITS)
                return self.decompress(data, most)
            raise ContentEncodingError(f"bad {self.name} data") from err
        if out:
            self.raw_deflate_tried = True  # bytes came out: the format is settled
        return out

    @property
    def tail(self) -> bytes:
        return self.inflater.unconsumed_tail


def encodings_of(header: str | None) -> list[str]:
    """The encodings a Content-Encoding header lists, in the order they were applied."""
    names = [n.strip().lower() for n in (header or "").split(",")]
    names = [n for n in names if n and n != "identity"]
    for name in names:
        if name not in ("gzip", "x-gzip", "deflate"):
            raise ContentEncodingError(f"unsupported content encoding {name[:30]!r}")
    if len(names) > MAX_LAYERS:
        raise ContentEncodingError(f"{len(names)} nested content encodings")
    return names


class BoundedDecoder:
    """Feed raw body bytes, get decoded bytes; never more than `limit` + 1 in total.

    `over` turns True once the body is longer than the limit: the caller stops reading
    and keeps the first `limit` bytes, as for a plain body that is too long.
    """

    def __init__(self, encodings: list[str], limit: int) -> None:
        # Decoding undoes the last encoding first.
        self.layers = [_Layer(name) for name in reversed(encodings)]
        self.limit = limit
        self.produced = [0] * len(self.layers)
        self.size = 0
        self.over = False

    def feed(self, data: bytes) -> bytes:
        """The decoded bytes `data` adds, stopping at the limit."""
        if not self.layers:
            return self._take(data)
        out: list[bytes] = []
        self._through(0, data, out)
        return b"".join(out)

    def _take(self, data: bytes) -> bytes:
        room = self.limit + 1 - self.size
        if len(data) >= room:
            self.over = True
            data = data[:room]
        self.size += len(data)
        return data

    def _through(self, index: int, data: bytes, out: list[bytes]) -> None:
        """Push `data` through layer `index` and those after it, a step at a time."""
        layer = self.layers[index]
        while not self.over:
            piece = layer.decompress(data, STEP)
            data = layer.tail
            self.produced[index] += len(piece)
            if index + 1 < len(self.layers):
                if self.produced[index] > self.limit:
                    self.over = True  # an inner layer this large cannot decode to less
                    return
                self._through(index + 1, piece, out)
            elif piece:
                out.append(self._take(piece))
            if len(piece) < STEP and not data:
                return  # all in; a full step may leave output waiting, so ask again
            if not piece:
                raise ContentEncodingError(f"bad {layer.name} data")
