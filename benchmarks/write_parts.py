"""Where a span write's instructions go: callgrind counting inside one function at a time.

``instruction_counts.py wsgi-writes`` counts a whole write. This script hands the same
prebuilt writes to ``app.wsgi_app`` (after a warm-up of 100) in batches of ``COUNT``, and for
each batch wraps one function (``MODULE:QUALNAME``, or ``WHOLE`` for the write itself) so
that callgrind collects only while it runs; a dump after each batch holds that function's
instructions, inclusive. A small C helper switches the collection (callgrind's client
requests are C macros); it is built with ``cc`` on first use, from ``valgrind/callgrind.h``.
Each wrapped call carries about 2,900 instructions of the switching. Rounds 5 to 8 of
docs/benchmarks.md rebuilt this each time; round 9 kept it::

    PYTHONHASHSEED=0 valgrind --tool=callgrind --collect-atstart=no --dump-instr=no \\
        --callgrind-out-file=/tmp/parts.out .venv/bin/python benchmarks/write_parts.py \\
        100 WHOLE flask.app:Flask.preprocess_request annotator.api:json_body
    .venv/bin/python benchmarks/write_parts.py --summary /tmp/parts.out 100   # per write
    callgrind_annotate --inclusive=yes /tmp/parts.out.2   # the C functions of one batch

``bare`` before the names wraps the bare Flask + SQLite write (``bare_app``) instead. A
function is replaced wherever a module, a class or Flask's hook lists hold it. ``--health``
hands ``GET /api/v1/health`` (no token) instead of writes: a request's fixed cost, part by
part (``bare --health``: the bare app's, with its one ``SELECT 1``).
"""

from __future__ import annotations

import argparse
import ctypes
import importlib
import io
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

WARM_UP = 100
_HELPER = """#include <valgrind/callgrind.h>
void cg_toggle(void) { CALLGRIND_TOGGLE_COLLECT; }
void cg_dump(const char *label) { CALLGRIND_DUMP_STATS_AT(label); }
"""


def _helper() -> Any:
    """Build (once per process) and load the C helper that switches callgrind's collection."""
    folder = Path(tempfile.mkdtemp(prefix="write-parts-"))
    (folder / "toggle.c").write_text(_HELPER)
    library = folder / "toggle.so"
    subprocess.run(
        ["cc", "-O2", "-shared", "-fPIC", "-o", str(library), str(folder / "toggle.c")],
        check=True,
    )
    return ctypes.CDLL(str(library))


def _replace(app: Any, spec: str, switch: Any) -> list[tuple[Any, Any, Any]]:
    """Wrap the function ``spec`` names wherever it is held; return how to put it back."""
    module_name, qualname = spec.split(":")
    owner: Any = importlib.import_module(module_name)
    *path, name = qualname.split(".")
    for part in path:
        owner = getattr(owner, part)
    original = owner.__dict__[name] if isinstance(owner, type) else getattr(owner, name)
    static = isinstance(original, staticmethod)
    function = original.__func__ if static else original
    depth = [0]

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        depth[0] += 1
        if depth[0] == 1:
            switch.cg_toggle()
        try:
            return function(*args, **kwargs)
        finally:
            if depth[0] == 1:
                switch.cg_toggle()
            depth[0] -= 1

    put_back: list[tuple[Any, Any, Any]] = [(owner, name, original)]
    setattr(owner, name, staticmethod(wrapper) if static else wrapper)
    if not isinstance(owner, type):  # names imported elsewhere
        for module in list(sys.modules.values()):
            for key, value in list(getattr(module, "__dict__", {}).items()):
                if value is function and module is not owner:
                    setattr(module, key, wrapper)
                    put_back.append((module, key, value))
    hooks = [
        *app.before_request_funcs.values(),
        *app.after_request_funcs.values(),
        *app.teardown_request_funcs.values(),
        app.teardown_appcontext_funcs,
    ]
    for functions in hooks:
        for index, value in enumerate(functions):
            if value is function:
                functions[index] = wrapper
                put_back.append((functions, index, value))
    return put_back


def _put_back(replaced: list[tuple[Any, Any, Any]]) -> None:
    for owner, name, original in replaced:
        if isinstance(owner, list):
            owner[name] = original
        else:
            setattr(owner, name, original)


def run(count: int, specs: list[str], *, bare: bool, health: bool = False) -> None:
    """Hand ``count`` writes (or health checks) per function in ``specs`` to the app, one
    batch per function."""
    import instruction_counts

    switch = _helper()
    total = WARM_UP + count * len(specs)
    app, built = instruction_counts.app_and_writes(0 if health else total, bare=bare)
    if health:
        built = instruction_counts.health_checks(total)
    expected = "200" if health else "201"

    def hand(batch: list[tuple[dict[str, Any], bytes]]) -> None:
        def start_response(status: str, _headers: list[Any], _exc_info: Any = None) -> None:
            assert status.startswith(expected), status

        for environ, body in batch:
            environ["wsgi.input"] = io.BytesIO(body or b"")
            answer = app.wsgi_app(environ, start_response)
            b"".join(answer)
            getattr(answer, "close", lambda: None)()

    hand(built[:WARM_UP])
    position = WARM_UP
    for spec in specs:
        batch = built[position : position + count]
        position += count
        if spec == "WHOLE":
            switch.cg_toggle()
            hand(batch)
            switch.cg_toggle()
        else:
            replaced = _replace(app, spec, switch)
            hand(batch)
            _put_back(replaced)
        switch.cg_dump(spec.encode())


def summary(prefix: str, count: int) -> None:
    """Print each dump's function and its instructions per write."""
    dumps = sorted(
        Path(prefix).parent.glob(Path(prefix).name + ".*"), key=lambda p: int(p.suffix[1:])
    )
    for dump in dumps:
        label, total = "", 0
        for line in dump.read_text().splitlines():
            if line.startswith("desc: Trigger: Client Request: "):
                label = line.removeprefix("desc: Trigger: Client Request: ")
            elif line.startswith(("summary:", "totals:")):
                total = int(line.split()[1])
        if label:
            print(f"{label}\t{total // count:,}")


def main() -> None:
    """Parse the command line and run or summarise."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--summary", metavar="OUT", help="summarise the dumps of OUT instead")
    parser.add_argument("--health", action="store_true", help="GET /api/v1/health, no writes")
    parser.add_argument("count", type=int, help="writes per function")
    parser.add_argument("specs", nargs="*", help="bare, then WHOLE or MODULE:QUALNAME ...")
    args = parser.parse_args()
    if args.summary:
        summary(args.summary, args.count)
        return
    bare = bool(args.specs) and args.specs[0] == "bare"
    specs = args.specs[1:] if bare else args.specs
    run(args.count, specs or ["WHOLE"], bare=bare, health=args.health)


if __name__ == "__main__":
    main()
