"""``annotator run`` and ``annotator demo``: serving the app."""

from __future__ import annotations

import gc
import secrets
import socket
from pathlib import Path

import click
from flask import Flask, current_app

from annotator.cli.common import with_app
from annotator.web.security import require_secret_key

# Inside the package, so that an installed wheel has them (in a checkout, annotator/seeds
# links to the top-level seeds/ folder).
SEEDS_DIR = Path(__file__).resolve().parents[1] / "seeds"


def require_free_port(host: str, port: int) -> None:
    """Raise a click error naming the way out when nothing could listen on ``host:port``.

    Checked before anything is set up or printed, so that a taken port is never reported
    after the address was announced as ready.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise click.ClickException(
                f"cannot listen on {host}:{port} ({exc.strerror or exc}); choose another port"
                " with --port (make demo PORT=8080)"
            ) from exc


def _serve(app: Flask, host: str, port: int) -> None:
    # The threaded Werkzeug server is enough for one person; teams run gunicorn (README).
    # (Flask's app.run refuses to start from inside a CLI command, so call Werkzeug directly.)
    from werkzeug.serving import run_simple

    from annotator import init_web

    if "api" not in app.blueprints:  # the command line's app has no pages yet
        init_web(app)
    run_simple(host, port, app, use_reloader=False, use_debugger=False, threaded=True)


@click.command("run")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@with_app
def run_command(host: str, port: int) -> None:
    """Serve the app for development; in production run `gunicorn wsgi:app`."""
    from annotator.services.database_place import warn_database_in_environment
    from annotator.services.health import log_schema_mismatch

    require_secret_key(current_app)  # refused in one line by the program's group
    require_free_port(host, port)
    log_schema_mismatch(current_app._get_current_object())  # type: ignore[attr-defined]
    warn_database_in_environment(current_app._get_current_object())  # type: ignore[attr-defined]
    _serve(current_app._get_current_object(), host, port)  # type: ignore[attr-defined]


def _demo_secret_key(app: Flask) -> str:
    """Return the demo's secret key, kept in the instance folder so logins survive restarts."""
    path = Path(app.instance_path) / "demo-secret-key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32), encoding="ascii")
        path.chmod(0o600)
    return path.read_text(encoding="ascii").strip()


def _prepare_demo() -> Flask:
    """Upgrade the database and load the demo, printing how to log in; return the app."""
    from annotator.cli.common import transaction
    from annotator.cli.database import upgrade_database
    from annotator.services.demo import DEMO_USERS, load_demo

    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    app.config["DEMO"] = True
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _demo_secret_key(app)
    upgrade_database(app)
    with transaction() as session:
        summary = load_demo(session, SEEDS_DIR)
    click.echo(summary)
    click.echo("Log in with one of these demo accounts (demo only, change them for real use):")
    for username, role, password in DEMO_USERS:
        click.echo(f"  {username:<9} {role:<9} password: {password}")
    return app


@click.command("demo")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--no-serve", is_flag=True, help="Prepare the demo and exit without serving.")
@with_app
def demo_command(host: str, port: int, no_serve: bool) -> None:
    """Set up the demo on the seed articles and serve it.

    Upgrades the database, creates the demo users, the project `demo` with the seed schema and
    guidelines, imports seeds/, gives every document two annotators, then serves on HOST:PORT.
    Running it again reuses everything that exists.
    """
    if not no_serve:
        require_free_port(host, port)
    # Preparing makes objects that live until the process ends (the services, the pages):
    # the collector's passes over them were a tenth of the demo's first start.
    gc.disable()
    try:
        app = _prepare_demo()
        if not no_serve:
            from annotator import init_web

            init_web(app)
    finally:
        gc.enable()
    if no_serve:
        return
    click.echo(f"Open http://{host}:{port}/ in a browser. Stop with Ctrl+C.")
    _serve(app, host, port)
