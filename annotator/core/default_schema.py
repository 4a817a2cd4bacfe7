"""The default label schema: claims, sources, cues, stance (the demo's, ``seeds/schema.json``).

A project created without a schema gets it. The seeds ship inside the package
(``annotator/seeds`` links to the checkout's ``seeds/``), so an installed wheel has it too.
"""

from __future__ import annotations

import copy
import functools
import json
from pathlib import Path
from typing import Any

DEFAULT_SCHEMA_FILE = Path(__file__).resolve().parents[1] / "seeds" / "schema.json"


@functools.cache
def _default() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(DEFAULT_SCHEMA_FILE.read_text(encoding="utf-8"))
    return loaded


def default_schema() -> dict[str, Any]:
    """Return a fresh copy of the default schema: the file's, without the demo's topic.

    A sentence field's ``target`` (stance toward "Russian foreign policy") is the demo's
    subject, not part of the scheme: a new project about anything else would ask its
    annotators for stance toward it. Its lead names a target in the settings, if any; the
    demo reads the file itself and keeps it.
    """
    schema = copy.deepcopy(_default())
    for field in schema.get("sentence_labels", []):
        field.pop("target", None)
    return schema
