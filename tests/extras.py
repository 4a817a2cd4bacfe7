"""Optional packages the tests use (the ``test`` extra): skipped without them, except in CI.

With only ``pip install -e .`` and pytest, the suite still collects: a test module (or test)
that needs a missing package is skipped, with the reason. In CI (``CI`` set to ``true``, as
CI services do) a missing package is a failure instead, never a skip.
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType

import pytest


def in_ci() -> bool:
    """Return True when the environment variable ``CI`` says this is a CI run."""
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def missing(reason: str) -> None:
    """Fail under CI, else skip (a test, or a test module while it is imported)."""
    if in_ci():
        pytest.fail(f"cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


def need(module: str) -> ModuleType:
    """Import ``module`` from an optional package; skip, or fail in CI, when it is missing.

    Call it at the top of a test module, before importing what depends on the module, or in
    a test.
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        missing(f"{module} is not installed ({exc}); pip install -e '.[test]'")
        raise  # not reached: missing() raises
