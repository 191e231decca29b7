"""Text in a wide encoding (UTF-16, UTF-32), told apart from binary data."""

from __future__ import annotations

import codecs


def wide_encoding(raw: bytes) -> str | None:
    """The codec of text in UTF-16 or UTF-32, else None: by its byte-order mark, or for
    UTF-16 without one, by a zero byte in every other place (text in a Latin script)."""
    if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    head = raw[:4096]
    if len(head) >= 4 and len(head) % 2 == 0:
        if not any(head[1::2]) and all(head[0::2]):
            return "utf-16-le"
        if not any(head[0::2]) and all(head[1::2]):
            return "utf-16-be"
    return None
