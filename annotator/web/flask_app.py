"""The Flask class of the app: Flask's own, with a quicker look at the functions it calls.

Flask asks :func:`inspect.iscoroutinefunction` of every hook and view it calls, eleven times
a span write (the request hooks, the view, the after-request and teardown functions), and
the answer is the same each time. A plain function or method that is no coroutine is told
apart here by its code flag alone; anything else goes through Flask's own check.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from flask import Flask


class App(Flask):
    """Flask, whose :meth:`ensure_sync` answers a plain function at once."""

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        """Return ``func`` itself when its code is no coroutine's; else as Flask does."""
        code = getattr(func, "__code__", None)
        if code is not None and not code.co_flags & inspect.CO_COROUTINE:
            return func
        return super().ensure_sync(func)
