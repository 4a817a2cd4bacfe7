"""The framing of a stored tagger's bytes: a magic line, a JSON header, then the CRF.

Apart from the tagger (:mod:`annotator.core.assist.tagger`, which needs NumPy and CRFsuite),
so that a project file's models can be checked when it is loaded without loading them.
"""

from __future__ import annotations

import json
from typing import Any

MAGIC = b"annotator-assist-tagger\n"
_SIZE = 8


def frame(header: dict[str, Any], crf: bytes) -> bytes:
    """Return a model's bytes: the magic line, the header's length and JSON, the CRF."""
    encoded = json.dumps(header).encode("utf-8")
    return MAGIC + len(encoded).to_bytes(_SIZE, "big") + encoded + crf


def unframe(data: bytes) -> tuple[dict[str, Any], bytes]:
    """Return the header and the CRF of a model's bytes.

    :raises ValueError: the bytes are not a tagger model.
    """
    if not data.startswith(MAGIC):
        raise ValueError("not a tagger model")
    at = len(MAGIC)
    size = int.from_bytes(data[at : at + _SIZE], "big")
    try:
        header = json.loads(data[at + _SIZE : at + _SIZE + size])
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"not a tagger model: its header is no JSON ({exc})") from None
    if not isinstance(header, dict):
        raise ValueError("not a tagger model: its header is no JSON object")
    return header, data[at + _SIZE + size :]


def header_labels(data: bytes) -> list[str]:
    """Return the labels a model's bytes learned, in the model's order.

    :raises ValueError: the bytes are not a tagger model, or its header names no labels.
    """
    labels = unframe(data)[0].get("labels")
    if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
        raise ValueError("not a tagger model: its header has no list of labels")
    return labels
