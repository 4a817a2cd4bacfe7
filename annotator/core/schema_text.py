"""Reading a label schema written as JSON or YAML (CONTRACT section 2: YAML may be accepted).

A file says which it is by its name (``.yaml``/``.yml``, else JSON); pasted text without a
name is JSON when it starts with ``{`` or ``[``, and YAML otherwise. Either way the result is
the JSON value the schema rules (:mod:`annotator.core.label_schema`) then check, so a YAML
schema is refused or accepted exactly as the same schema in JSON would be.
"""

from __future__ import annotations

import json
import math
from typing import Any

from annotator.core import json_input

YAML_SUFFIXES = (".yaml", ".yml")


class SchemaSyntaxError(ValueError):
    """Schema text that does not parse: which language, the problem, where (from 1)."""

    def __init__(
        self, kind: str, problem: str, line: int | None = None, column: int | None = None
    ) -> None:
        where = f" at line {line}, column {column}" if line is not None else ""
        self.message = f"invalid {kind}{where}: {problem}"
        super().__init__(self.message)
        self.kind, self.problem, self.line, self.column = kind, problem, line, column


def is_yaml(name: str, text: str) -> bool:
    """Tell whether schema text called ``name`` (empty: pasted) is YAML rather than JSON."""
    if name:
        return name.lower().endswith(YAML_SUFFIXES)
    return not text.lstrip().startswith(("{", "["))


def parse_schema_text(text: str, name: str = "") -> Any:
    """Return the schema ``text`` holds, read as JSON or YAML (see :func:`is_yaml`).

    :raises SchemaSyntaxError: when the text does not parse, or YAML gives a value JSON
        cannot hold (a date, say).
    """
    if not is_yaml(name, text):
        try:
            return json_input.loads(text)
        except json.JSONDecodeError as exc:
            raise SchemaSyntaxError("JSON", exc.msg, exc.lineno, exc.colno) from exc
    import yaml  # here: most processes never read YAML, and it is 0.8 MB in each

    try:
        value = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
        raise SchemaSyntaxError("YAML", str(exc.problem), line, column) from exc
    except yaml.YAMLError as exc:
        raise SchemaSyntaxError("YAML", str(exc)) from exc
    _require_json(value)
    return value


def _require_json(value: Any, path: str = "the schema") -> None:
    """Raise unless ``value`` is made of what JSON holds: YAML also has dates, sets and more."""
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise SchemaSyntaxError("YAML", f"key {key!r} in {path} is not text")
            _require_json(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _require_json(item, f"{path}[{index}]")
    elif isinstance(value, float) and not math.isfinite(value):
        raise SchemaSyntaxError("YAML", f"{path} is {value}, which JSON cannot hold")
    elif value is not None and not isinstance(value, str | int | float | bool):
        kind = type(value).__name__
        raise SchemaSyntaxError("YAML", f"{path} is a {kind}, which JSON cannot hold")
