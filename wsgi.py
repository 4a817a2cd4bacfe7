"""WSGI entry point from a checkout: ``gunicorn wsgi:app`` (the same app as ``annotator.wsgi``).

Run ``annotator db upgrade`` before starting the server; the factory never migrates.
"""

from annotator.wsgi import app

__all__ = ["app"]
