"""Where a browser test hangs: the test's own stack, which a thread dump does not show.

pytest-timeout (pyproject.toml, ``timeout``) ends a run whose test hangs and prints every
thread's stack. Playwright's synchronous API runs the test in one greenlet and its event loop
in another, both on the main thread, so that dump shows only the event loop waiting: not the
test's line that is waiting for it. Shortly before the timeout this prints the stack of every
suspended greenlet, the test's among them.
"""

from __future__ import annotations

import gc
import threading
import traceback
from collections.abc import Iterator
from typing import Any

import pytest

#: Seconds before pytest-timeout's own limit that the greenlets' stacks are printed.
EARLIER_S = 10.0


def _greenlet_stacks() -> str:
    try:
        from greenlet import greenlet
    except ImportError:
        return "(greenlet is not installed)\n"
    parts = []
    for thing in gc.get_objects():
        if isinstance(thing, greenlet) and thing.gr_frame is not None:
            stack = "".join(traceback.format_stack(thing.gr_frame))
            parts.append(f"--- greenlet {id(thing):#x}\n{stack}")
    return "".join(parts) or "(no suspended greenlet)\n"


def _print_outside_capture(config: pytest.Config, text: str) -> None:
    capture = config.pluginmanager.getplugin("capturemanager")
    if capture is None:
        print(text, flush=True)
        return
    with capture.global_and_fixture_disabled():
        print(text, flush=True)


@pytest.fixture(autouse=True)
def report_a_hang(request: pytest.FixtureRequest) -> Iterator[None]:
    """Print the suspended greenlets' stacks if the test runs nearly into its timeout."""
    try:
        limit = float(request.config.getini("timeout") or 0)
    except ValueError:  # pytest-timeout is not installed: the ini key is unknown
        limit = 0.0
    if limit <= EARLIER_S:
        yield
        return
    name = request.node.nodeid

    def report() -> None:
        text = _greenlet_stacks()
        _print_outside_capture(request.config, f"\n{name} is still running; its greenlets:\n{text}")

    timer: Any = threading.Timer(limit - EARLIER_S, report)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
