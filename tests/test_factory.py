"""The factory: configuration takes effect, and it has no side effects."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator import create_app
from annotator.config import Config
from annotator.web.security import MissingSecretKey, require_secret_key


def test_factory_creates_no_database(tmp_path: Path) -> None:
    """Building the app opens no database file: migrating is the CLI's job."""
    db_file = tmp_path / "nowhere" / "app.sqlite"
    app = create_app({"DATABASE_URL": f"sqlite:///{db_file}", "SECRET_KEY": "k"})
    assert app.config["DATABASE_URL"].endswith("app.sqlite")
    assert not db_file.exists()


def test_default_database_is_sqlite_in_instance_folder() -> None:
    app = create_app({"DATABASE_URL": None, "SECRET_KEY": "k"})
    assert app.config["DATABASE_URL"] == f"sqlite:///{Path(app.instance_path) / 'annotator.sqlite'}"


def test_upload_limit_follows_setting() -> None:
    app = create_app({"DATABASE_URL": "sqlite://", "MAX_UPLOAD_MB": 3})
    assert app.config["MAX_CONTENT_LENGTH"] == 3 * 1024 * 1024


def test_server_refuses_to_start_without_secret_key() -> None:
    app = create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": None})
    with pytest.raises(MissingSecretKey, match="ANNOTATOR_SECRET_KEY"):
        require_secret_key(app)


@pytest.mark.parametrize("flag", ["TESTING", "DEMO"])
def test_demo_and_tests_may_start_without_secret_key(flag: str) -> None:
    app = create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": None, flag: True})
    require_secret_key(app)


def test_config_reads_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The ANNOTATOR_* variables of CONTRACT section 7 reach the config."""
    import importlib

    from annotator import config

    monkeypatch.setenv("ANNOTATOR_SECRET_KEY", "from-env")
    monkeypatch.setenv("ANNOTATOR_DATABASE_URL", "sqlite:///from-env.sqlite")
    monkeypatch.setenv("ANNOTATOR_MAX_UPLOAD_MB", "7")
    reloaded = importlib.reload(config)
    try:
        assert reloaded.Config.SECRET_KEY == "from-env"
        assert reloaded.Config.DATABASE_URL == "sqlite:///from-env.sqlite"
        assert reloaded.Config.MAX_UPLOAD_MB == 7
    finally:
        monkeypatch.undo()
        importlib.reload(config)
    assert Config.SESSION_COOKIE_HTTPONLY is True
    assert Config.SESSION_COOKIE_SAMESITE == "Lax"


def test_a_database_error_hides_the_statements_parameters(tmp_path: Path) -> None:
    # A failed statement's error (which the log prints) would otherwise show what was bound
    # to it: a password hash, say.
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    from annotator.engine import get_engine

    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'hidden.sqlite'}"})
    engine = get_engine(app)
    try:
        with engine.connect() as connection, pytest.raises(OperationalError) as raised:
            connection.execute(
                text("SELECT * FROM missing WHERE x = :hash"), {"hash": "pbkdf2$s3cret"}
            )
    finally:
        engine.dispose()
    assert "pbkdf2$s3cret" not in str(raised.value)
    assert "hide_parameters" in str(raised.value)
