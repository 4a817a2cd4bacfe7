"""Training in a child process, so that a worker's own requests never wait on it.

A model trained in a thread of a web worker shares that process's interpreter lock: the
CRF's feature extraction is Python, and while it ran, another thread of the process waited
for the lock at each step, its 1 ms sleeps taking 1.8 to 2 ms at the median and 13 to 19 ms
at the 99th percentile on a quiet machine (1.1 and 4 to 6 ms with a child process; see
docs/benchmarks.md, "The learning loop"). A request served by that worker meanwhile would
wait so at every statement. :func:`train_in_child` runs
:func:`~annotator.services.assist.training.train_gold` in a new interpreter instead (this
module, run with ``-m``), handing it the documents and taking back the trained model
through pipes, pickled: both ends are this package, no one else writes to them.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from typing import Any

from annotator.core.assist.gold import GoldDocument
from annotator.core.errors import Invalid
from annotator.services.assist.training import Trained, train_gold

#: How long a child may train before it is stopped (well above the minute for 800 documents).
TIMEOUT_S = 30 * 60


def train_in_child(
    documents: list[GoldDocument], labels: list[str], roles: dict[str, str]
) -> Trained:
    """Train as :func:`train_gold` does, in a child process; return what it trained.

    :raises Invalid: the child refused (too little gold).
    :raises RuntimeError: the child failed; its last lines of errors are in the message.
    """
    done = subprocess.run(
        [sys.executable, "-m", __name__],
        input=pickle.dumps((documents, labels, roles)),
        capture_output=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    if done.returncode != 0:
        tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
        raise RuntimeError("the training process failed: " + " | ".join(tail))
    kind, result = pickle.loads(done.stdout)
    if kind == "invalid":
        raise Invalid(result)
    trained: Trained = result
    return trained


def _main() -> None:
    documents, labels, roles = pickle.load(sys.stdin.buffer)
    answer: tuple[str, Any]
    try:
        answer = ("trained", train_gold(documents, labels, roles))
    except Invalid as exc:
        answer = ("invalid", exc.message)
    sys.stdout.buffer.write(pickle.dumps(answer))


if __name__ == "__main__":
    _main()
