"""WSGI entry point of an installed package: ``gunicorn annotator.wsgi:app``.

Run ``annotator db upgrade`` before starting the server; the factory never migrates.
"""

from annotator import create_app
from annotator.engine import get_engine
from annotator.web.security import require_secret_key

app = create_app()
require_secret_key(app)
get_engine(app)  # a database URL that cannot be used stops the server before it serves
