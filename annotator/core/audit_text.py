"""An audit entry's before and after as a person reads them.

Jinja's ``tojson`` escapes ``<``, ``>``, ``&`` and ``'`` as ``\\u003c`` and the like so that
its text is safe inside a ``<script>``; in a table cell that made "target changed from
'Ukraine aid'" unreadable. The page needs only HTML escaping, which its template's
autoescape gives this text (never mark it ``|safe``).
"""

from __future__ import annotations

import json
from typing import Any


def change_shown(value: Any) -> str:
    """Return an audit ``before``/``after`` value as text: a string as itself, anything else
    as JSON with its characters as they are (no ``\\u`` escapes)."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)
