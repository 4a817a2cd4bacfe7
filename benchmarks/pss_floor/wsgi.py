"""The floor under ``benchmarks/footprint.py pss``: Flask and SQLAlchemy's ORM, and no app.

Measure it as a checkout of its own::

    .venv/bin/python benchmarks/footprint.py pss --checkout floor=benchmarks/pss_floor

It imports what every worker of the app imports before any code of ours runs (Flask, the
ORM, the SQLite dialect), and answers the two paths the benchmark asks for: the health
check with one query, and a page rendered from a template.
"""

import os

import sqlalchemy.dialects.sqlite  # noqa: F401 - as the app's engine loads it
import sqlalchemy.orm  # noqa: F401 - as the app's models load it
from flask import Flask, render_template_string
from sqlalchemy import create_engine, text

app = Flask(__name__)
engine = create_engine(os.environ["ANNOTATOR_DATABASE_URL"])


@app.get("/api/v1/health")
def health() -> dict[str, str]:
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    return {"status": "ok"}


@app.get("/auth/login")
def login() -> str:
    return render_template_string("<form><input name={{ name }}></form>", name="username")
