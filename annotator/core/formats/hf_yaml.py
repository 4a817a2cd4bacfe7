"""Write the YAML front matter of the ``hf`` dataset card: the typed features in the shape
``datasets`` reads, and plain values as block-style YAML, without a YAML library."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any


def yaml_features(columns: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Return the features in the card's YAML shape (``datasets``' ``_to_yaml_list``)."""
    return [{"name": name, **_yaml_feature(feature)} for name, feature in columns.items()]


def _yaml_feature(feature: Mapping[str, Any]) -> dict[str, Any]:
    kind = feature.get("_type")
    if kind == "Value":
        return {"dtype": feature["dtype"]}
    if kind == "ClassLabel":
        names = {str(i): name for i, name in enumerate(feature["names"])}
        return {"dtype": {"class_label": {"names": names}}}
    if kind == "List":
        inner = feature["feature"]
        if "_type" in inner:
            simple = _yaml_feature(inner)
            return {"list": simple.get("dtype", simple)}
        return {"list": [{"name": n, **_yaml_feature(f)} for n, f in inner.items()]}
    return {"struct": [{"name": n, **_yaml_feature(f)} for n, f in feature.items()]}


def yaml_lines(value: Any, indent: int = 0) -> list[str]:
    """Return ``value`` (dicts, lists, strings, numbers) as block-style YAML lines.

    Every string is written as a JSON string, which YAML reads as the same string whatever
    characters it holds; keys are plain where they are simple names.
    """
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, Mapping):
        for key, item in value.items():
            name = _yaml_key(str(key))
            if _scalar(item):
                lines.append(f"{pad}{name}: {_yaml_scalar(item)}")
            elif not item:
                lines.append(f"{pad}{name}: {'{}' if isinstance(item, Mapping) else '[]'}")
            else:
                lines.append(f"{pad}{name}:")
                lines += yaml_lines(item, indent + 2)
    else:
        for item in value:
            if _scalar(item):
                lines.append(f"{pad}- {_yaml_scalar(item)}")
                continue
            inner = yaml_lines(item, indent + 2)
            lines.append(f"{pad}- {inner[0].lstrip()}")
            lines += inner[1:]
    return lines


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _yaml_scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    return json.dumps(value, ensure_ascii=True)


def _yaml_key(key: str) -> str:
    return key if key.isidentifier() else json.dumps(key, ensure_ascii=True)
