"""Noting problems: a rule of :mod:`annotator.core.rules` run, its breach noted with where it
was, and the lists and numbers a layer must hold."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ParamSpec, TypeGuard, TypeVar

from annotator.core import rules
from annotator.core.errors import AnnotatorError


def list_field(item: dict[str, Any], name: str, problems: list[str]) -> list[Any]:
    value = item.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        problems.append(f"'{name}' must be a list")
        return []
    return value


_P = ParamSpec("_P")
_T = TypeVar("_T")


def passes(
    problems: list[str], where: str, check: Callable[_P, None], *args: _P.args, **kwargs: _P.kwargs
) -> bool:
    """Run one check of :mod:`annotator.core.rules`; on a breach note it and return False."""
    try:
        check(*args, **kwargs)
    except AnnotatorError as exc:
        problems.append(f"{where}: {exc.message}")
        return False
    return True


def checked(
    problems: list[str], where: str, check: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs
) -> _T | None:
    """Return what one rule of :mod:`annotator.core.rules` returns (a schema definition, a
    clean value, never None); on a breach note it and return None."""
    try:
        return check(*args, **kwargs)
    except AnnotatorError as exc:
        problems.append(f"{where}: {exc.message}")
        return None


def is_int(value: Any) -> TypeGuard[int]:
    return rules.is_integer(value)
