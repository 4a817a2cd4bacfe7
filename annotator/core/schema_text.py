"""Reading a label schema written as JSON or YAML (CONTRACT section 2: YAML may be accepted).

A file says which it is by its name (``.yaml``/``.yml``, else JSON); pasted text without a
name is JSON when it starts with ``{`` or ``[``, and YAML otherwise. Either way the result is
the JSON value the schema rules (:mod:`annotator.core.label_schema`) then check, so a YAML
schema is refused or accepted exactly as the same schema in JSON would be.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Mapping
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
    except RecursionError:
        raise SchemaSyntaxError("YAML", json_input.NESTED_TOO_DEEPLY) from None
    except ValueError:
        # The only one known: Python converts no integer of more than 4,300 digits.
        digits = sys.get_int_max_str_digits()
        raise SchemaSyntaxError("YAML", f"a number of more than {digits:,} digits") from None
    try:
        _require_json(value, "the schema", set(), set())
    except RecursionError:
        raise SchemaSyntaxError("YAML", json_input.NESTED_TOO_DEEPLY) from None
    return value


def entry_line(text: str, place: Mapping[str, Any]) -> int | None:
    """Return the line (from 1) of schema ``text`` where the entry a refusal's ``place``
    names starts (its attribute's, when it names one), so that a page can point at it.

    A refusal of the schema's own settings (an unknown key, a bad ``queue_order``) is at the
    line of the key its ``setting`` names, so that those are found as an entry's problems are.
    None when the text cannot be walked or holds no such place. JSON is walked as YAML, which
    it almost always is; a text PyYAML cannot read (JSON indented with tabs, say) has no line,
    and the page then names the entry alone.
    """
    entry, index, setting = place.get("entry"), place.get("index"), place.get("setting")
    if (entry is None and not isinstance(setting, str)) or (entry is not None and index is None):
        return None
    import yaml  # here, as above: only a refused schema's page asks

    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except (yaml.YAMLError, RecursionError, ValueError):
        return None
    if entry is None:
        return _key_line(node, setting)
    assert isinstance(index, int)  # an entry's place has its index (checked above)
    path: list[str | int] = [entry, index]
    attribute = place.get("attribute")
    if attribute is not None:
        path += ["attributes", attribute["index"]]
    for step in path:
        node = _child(node, step)
        if node is None:
            return None
    line: int = node.start_mark.line + 1
    return line


def _key_line(node: Any, key: Any) -> int | None:
    """The line (from 1) of ``key`` in the mapping ``node`` (its last, when given twice)."""
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return None
    lines = [k.start_mark.line + 1 for k, _ in node.value if getattr(k, "value", None) == key]
    return lines[-1] if lines else None


def _child(node: Any, step: str | int) -> Any:
    """The node under ``node`` at a key (a mapping's) or an index (a sequence's), or None."""
    import yaml

    if isinstance(step, int) and isinstance(node, yaml.SequenceNode):
        return node.value[step] if step < len(node.value) else None
    if isinstance(step, str) and isinstance(node, yaml.MappingNode):
        # The last of a key given twice, as JSON and YAML readers keep.
        found = [value for key, value in node.value if getattr(key, "value", None) == step]
        return found[-1] if found else None
    return None


def _require_json(value: Any, path: str, within: set[int], checked: set[int]) -> None:
    """Raise unless ``value`` is made of what JSON holds: YAML also has dates, sets and more.

    YAML's aliases make a list or mapping appear many times, or inside itself: ``within``
    holds the ids of those around ``value`` (one found again holds itself, which JSON cannot
    write), ``checked`` those already found sound, each checked once (nine aliases of nine
    aliases of ... took 20 seconds to walk from a file of 500 bytes).
    """
    if not isinstance(value, dict | list):
        _require_json_scalar(value, path)
        return
    if id(value) in within:
        raise SchemaSyntaxError("YAML", f"{path} holds itself (an alias inside its anchor)")
    if id(value) in checked:
        return
    within.add(id(value))
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise SchemaSyntaxError("YAML", f"key {key!r} in {path} is not text")
            _require_json(item, f"{path}.{key}", within, checked)
    else:
        for index, item in enumerate(value):
            _require_json(item, f"{path}[{index}]", within, checked)
    within.discard(id(value))
    checked.add(id(value))


def _require_json_scalar(value: Any, path: str) -> None:
    if isinstance(value, float) and not math.isfinite(value):
        raise SchemaSyntaxError("YAML", f"{path} is {value}, which JSON cannot hold")
    if value is not None and not isinstance(value, str | int | float | bool):
        kind = type(value).__name__
        raise SchemaSyntaxError("YAML", f"{path} is a {kind}, which JSON cannot hold")
