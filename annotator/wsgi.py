"""WSGI entry point of an installed package: ``gunicorn annotator.wsgi:app``.

Run ``annotator db upgrade`` before starting the server; the factory never migrates, and a
server on a database not upgraded logs so at start and fails its health check (503).
"""

import gc

# No collection while the app is built, and none of what exists then is ever looked at by one
# again: the app's modules, routes and models live as long as the worker. A gunicorn worker
# forked from a master without ``--preload`` shares the master's pages until it writes to
# them, and a full collection writes to every object it walks (3 MB of two idle workers and
# the master, docs/benchmarks.md "Idle workers and the venv"); it also walks fewer objects.
gc.disable()

from annotator.core.errors import SettingsError  # noqa: E402
from annotator.startup import WSGI_SETTINGS_EXIT_STATUS, refuse_to_start  # noqa: E402

try:
    from annotator import create_app
    from annotator.engine import get_engine
    from annotator.web.security import require_secret_key

    app = create_app()
    require_secret_key(app)
    get_engine(app)  # a database URL that cannot be used stops the server before it serves
except SettingsError as exc:
    refuse_to_start(exc, WSGI_SETTINGS_EXIT_STATUS)

from annotator.services.database_place import warn_database_in_environment  # noqa: E402
from annotator.services.health import log_schema_mismatch  # noqa: E402

log_schema_mismatch(app)  # the server starts, its health check failing until it is upgraded
warn_database_in_environment(app)  # a database that a rebuilt venv would delete
gc.freeze()
gc.enable()
