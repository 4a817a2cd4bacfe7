"""WSGI entry point of an installed package: ``gunicorn annotator.wsgi:app``.

Run ``annotator db upgrade`` before starting the server; the factory never migrates.
"""

import gc

# No collection while the app is built, and none of what exists then is ever looked at by one
# again: the app's modules, routes and models live as long as the worker. A gunicorn worker
# forked from a master without ``--preload`` shares the master's pages until it writes to
# them, and a full collection writes to every object it walks (3 MB of two idle workers and
# the master, docs/benchmarks.md "Idle workers and the venv"); it also walks fewer objects.
gc.disable()

from annotator import create_app  # noqa: E402
from annotator.engine import get_engine  # noqa: E402
from annotator.web.security import require_secret_key  # noqa: E402

app = create_app()
require_secret_key(app)
get_engine(app)  # a database URL that cannot be used stops the server before it serves
gc.freeze()
gc.enable()
