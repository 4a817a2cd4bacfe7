"""Drive a server with wrk: one connection per client, each sending its own planned requests.

Python clients cost 0.3 to 0.5 ms of CPU per request, a quarter of what the server spends on
a span write; on a 2-CPU machine they take that CPU from the server they measure. wrk (C, one
thread and one connection per client here) costs 0.1 to 0.2 ms, most of it in the kernel:
gunicorn's sync workers close the connection after each answer and wrk opens a new one. Each
client cycles through its own plan (method, path, body, headers: its annotator's token) for a
fixed time; a Lua script built from the plans feeds wrk and prints its figures as one JSON
line. The requests' bytes are built once per client, before the clock starts.
"""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
from pathlib import Path
from typing import Any

from benchmarks.api_write_workload import Request

_SCRIPT = """
local plans = %(plans)s
local count = 0
function setup(thread)
  count = count + 1
  thread:set("client", count)
end
function init(args)
  -- Each request's bytes are built once, here, not per request.
  sent = 0
  ready = {}
  for i, r in ipairs(plans[client]) do
    ready[i] = wrk.format(r[1], r[2], r[3], r[4])
  end
end
function request()
  sent = sent + 1
  return ready[(sent - 1) %% #ready + 1]
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %%d, "duration_us": %%d, "errors": %%d, "p50_us": %%d, "p95_us": %%d, '
    .. '"p99_us": %%d, "max_us": %%d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
"""


def wrk_path() -> str:
    """Return the wrk executable, or exit with how to install it."""
    path = shutil.which("wrk")
    if path is None:
        raise SystemExit("wrk is not installed: apt-get install -y wrk (or use --load python)")
    return path


def _lua_string(value: str) -> str:
    # JSON string escapes are Lua's for ASCII text; json.dumps escapes everything else.
    return json.dumps(value)


def _lua_request(request: Request) -> str:
    method, path, body, headers = request
    lua_headers = ", ".join(f"[{_lua_string(k)}] = {_lua_string(v)}" for k, v in headers.items())
    lua_body = _lua_string(body.decode("ascii")) if body else "nil"
    return f"{{{_lua_string(method)}, {_lua_string(path)}, {{{lua_headers}}}, {lua_body}}}"


def write_script(path: Path, plans: list[list[Request]]) -> Path:
    """Write the Lua script that sends ``plans[i]`` on connection ``i``, in a loop."""
    lua_plans = ",\n".join("{" + ",\n".join(map(_lua_request, plan)) + "}" for plan in plans)
    path.write_text(_SCRIPT % {"plans": "{" + lua_plans + "}"}, encoding="utf-8")
    return path


def run(url: str, plans: list[list[Request]], seconds: int, script: Path) -> dict[str, Any]:
    """Run one connection per plan against ``url`` for ``seconds``; return wrk's figures.

    ``client_cpu_s`` is wrk's own user + system time.
    """
    write_script(script, plans)
    clients = len(plans)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(
        [wrk_path(), f"-t{clients}", f"-c{clients}", f"-d{seconds}s", "--timeout", "30s",
         "-s", str(script), url],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    line = out.stdout.strip().splitlines()[-1]
    figures = json.loads(line)
    used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    figures["client_cpu_s"] = used
    return figures
