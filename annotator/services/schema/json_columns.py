"""Reading inside the JSON columns (span attributes, label values) on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, String, cast, func, literal


def sqlite_key_path(key: str) -> str:
    """The SQLite JSON path of a top-level key (quoted: names may hold ':' and '-')."""
    return '$."' + key.replace('"', '\\"') + '"'


def holds_list(dialect: str, column: Any, key: str | None = None) -> ColumnElement[bool]:
    """SQL: the JSON ``column`` (or its top-level ``key``) holds a list."""
    if dialect == "postgresql":
        value = column if key is None else column.op("->")(cast(literal(key), String))
        return func.json_typeof(value) == "array"
    return func.json_type(column, "$" if key is None else sqlite_key_path(key)) == "array"


def holds_key(dialect: str, column: Any, key: str) -> ColumnElement[bool]:
    """SQL: the JSON ``column`` has the top-level ``key`` with a value (JSON null is none)."""
    if dialect == "postgresql":
        kind = func.json_typeof(column.op("->")(cast(literal(key), String)))
    else:
        kind = func.json_type(column, sqlite_key_path(key))
    return kind.is_not(None) & (kind != "null")
