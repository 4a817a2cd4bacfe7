"""WSGI entry point of an installed package: ``gunicorn annotator.wsgi:app``.

Run ``annotator db upgrade`` before starting the server; the factory never migrates.
"""

from annotator import create_app
from annotator.web.security import require_secret_key

app = create_app()
require_secret_key(app)
