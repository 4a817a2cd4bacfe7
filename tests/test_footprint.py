"""Start-up stays small: heavy libraries load only where a request or command uses them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Each costs start-up time and memory in every process (docs/benchmarks.md, "Small and
# quick"); only the agreement report, suggestions, guidelines, the API page, a progress bar
# or a PostgreSQL database needs it.
LAZY = (
    "numpy",
    "pycrfsuite",
    "markdown_it",
    "tqdm",
    "flask_swagger_ui",
    "alembic",
    "sqlalchemy.dialects.postgresql",
    "annotator.core.agreement",
    "annotator.core.assist",
)


# What serving needs for none but a few of its pages (an import, a schema upload), so that an
# idle worker holds none of it: the sentence splitter (nupunkt) and YAML, 1.4 MB a worker
# (docs/benchmarks.md, "Idle workers and the venv").
NOT_WHILE_IDLE = ("yaml", "nupunkt")


def _loaded_after(code: str, tmp_path: Path, modules: tuple[str, ...] = LAZY) -> list[str]:
    """Run ``code`` in a fresh interpreter and return which of ``modules`` it loaded."""
    probe = (
        f"{code}\nimport json, sys\nprint(json.dumps([m for m in {modules!r} if m in sys.modules]))"
    )
    env = dict(os.environ)
    env["ANNOTATOR_DATABASE_URL"] = f"sqlite:///{tmp_path / 'probe.sqlite'}"
    env["ANNOTATOR_SECRET_KEY"] = "probe" * 8
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return list(json.loads(done.stdout.strip().splitlines()[-1]))


def test_creating_the_app_loads_no_heavy_library(tmp_path: Path) -> None:
    """The factory registers every page, API route and command without importing them."""
    assert _loaded_after("import wsgi", tmp_path) == []


def test_the_wsgi_app_is_built_frozen_with_the_collector_on_after(tmp_path: Path) -> None:
    """The WSGI module freezes what it built, so that no collection walks (and copies) it."""
    code = (
        "import gc\nimport wsgi\nassert gc.isenabled(), 'the collector stayed off'\n"
        # Some 145,000 objects: the app's and its libraries'; none left to a collection.
        "assert gc.get_freeze_count() > 100_000, gc.get_freeze_count()\n"
        "assert len(gc.get_objects()) < 100, len(gc.get_objects())\n"
    )
    assert _loaded_after(code, tmp_path) == []


def test_an_idle_worker_holds_neither_the_splitter_nor_yaml(tmp_path: Path) -> None:
    """A worker that created the app and served the login page and the health check."""
    code = (
        "import wsgi\nclient = wsgi.app.test_client()\n"
        "assert client.get('/auth/login').status_code == 200\n"
        "assert client.get('/api/v1/health').status_code == 200\n"
    )
    _loaded_after(_command("db", "upgrade"), tmp_path)
    assert _loaded_after(code, tmp_path, NOT_WHILE_IDLE) == []


def test_the_command_line_starts_without_heavy_libraries(tmp_path: Path) -> None:
    """``annotator --help`` lists every command without loading what the commands use."""
    code = (
        "import sys\nfrom annotator.cli import main\nsys.argv = ['annotator', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass"
    )
    assert _loaded_after(code, tmp_path) == []


def _command(*argv: str) -> str:
    return (
        f"import sys\nfrom annotator.cli import main\nsys.argv = ['annotator', *{argv!r}]\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
    )


def test_a_command_builds_no_pages_and_no_api(tmp_path: Path) -> None:
    """A command that does not serve skips the web faces (half its start-up CPU)."""
    _loaded_after(_command("db", "upgrade"), tmp_path)
    code = _command("users", "list") + (
        "assert 'annotator.api' not in sys.modules, 'the API was imported'\n"
        "assert 'annotator.views' not in sys.modules, 'the pages were imported'"
    )
    assert _loaded_after(code, tmp_path) == []


def test_the_version_is_printed_without_loading_flask(tmp_path: Path) -> None:
    """``annotator --version`` answers before Flask, SQLAlchemy or the app are imported."""
    code = (
        "import sys\nsys.argv = ['annotator', '--version']\n"
        "from annotator.console import run\nrun()\n"
        "assert 'flask' not in sys.modules and 'sqlalchemy' not in sys.modules"
    )
    assert _loaded_after(code, tmp_path) == []


# What `annotator users list` needs: its own command module and the account services. The
# other commands' modules, the forms and security of the web faces, YAML, the sentence
# splitter and Alembic are imported only by the commands that use them.
NOT_FOR_USERS_LIST = (
    "annotator.cli.adjudicate",
    "annotator.cli.exporting",
    "annotator.cli.importing",
    "annotator.cli.projects",
    "annotator.cli.serve",
    "annotator.web.security",
    "flask_wtf",
    "yaml",
    "nupunkt",
    "alembic",
)


def test_a_command_imports_only_its_own_module(tmp_path: Path) -> None:
    """``annotator users list`` imports no other command's module, nor what they use."""
    _loaded_after(_command("db", "upgrade"), tmp_path)
    code = (
        "import sys\nsys.argv = ['annotator', 'users', 'list']\n"
        "from annotator.console import run\ntry:\n    run()\n"
        "except SystemExit as exc:\n    assert not exc.code, exc.code\n"
        "import gc\nassert gc.isenabled(), 'the collector stayed off after start-up'\n"
        f"loaded = [m for m in {NOT_FOR_USERS_LIST!r} if m in sys.modules]\n"
        "assert not loaded, loaded"
    )
    assert _loaded_after(code, tmp_path) == []


def test_listing_projects_loads_neither_yaml_nor_the_project_file(tmp_path: Path) -> None:
    """``annotator projects list`` imports only what listing needs of its group's services."""
    _loaded_after(_command("db", "upgrade"), tmp_path)
    unused = (
        "yaml",
        "nupunkt",
        "annotator.services.datasets.project_dump",
        "annotator.services.datasets.project_load",
        "annotator.services.accounts.project_admin",
    )
    code = _command("projects", "list") + (
        f"loaded = [m for m in {unused!r} if m in sys.modules]\nassert not loaded, loaded"
    )
    assert _loaded_after(code, tmp_path) == []


def _run_program(argv: list[str], tmp_path: Path, probe: str = "") -> str:
    """Run the ``annotator`` program with ``argv`` to its end, then ``probe``; return stdout."""
    code = (
        f"import sys\nsys.argv = ['annotator', *{argv!r}]\n"
        "from annotator.console import run\ntry:\n    run()\n"
        "except SystemExit as exc:\n    assert not exc.code, exc.code\n"
        f"{probe}"
    )
    env = dict(os.environ)
    env["ANNOTATOR_DATABASE_URL"] = f"sqlite:///{tmp_path / 'probe.sqlite'}"
    env["ANNOTATOR_SECRET_KEY"] = "probe" * 8
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


#: What a list that reads through Core (annotator.tables) must not import: SQLAlchemy's ORM
#: and our models were half of such a command's start-up (docs/benchmarks.md, "Small and quick").
ORM_MODULES = ("sqlalchemy.orm", "annotator.models", "annotator.db")


def test_the_small_lists_never_import_the_orm(tmp_path: Path) -> None:
    """``annotator users list`` and ``projects list`` list their rows without the ORM."""
    _run_program(["db", "upgrade"], tmp_path)
    _run_program(["users", "create", "alice", "--role", "reviewer"], tmp_path)
    _run_program(["users", "disable", "alice"], tmp_path)
    schema = str(ROOT / "seeds" / "schema.json")
    _run_program(["projects", "create", "news", "--name", "News", "--schema", schema], tmp_path)
    probe = (
        f"loaded = [m for m in {ORM_MODULES!r} if m in sys.modules]\n"
        "print('loaded:', ','.join(loaded))\n"
    )
    users = _run_program(["users", "list"], tmp_path, probe)
    assert users.splitlines() == ["alice\treviewer\tdisabled", "loaded: "]
    projects = _run_program(["projects", "list"], tmp_path, probe)
    assert projects.splitlines() == ["news\t0 documents\tNews", "loaded: "]


def test_help_lists_every_command_and_each_name_finds_its_command(tmp_path: Path) -> None:
    """The lazy table names every command by the name the command itself carries."""
    from click import Context

    from annotator import create_app
    from annotator.cli import COMMANDS

    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'help.sqlite'}"})
    with Context(app.cli) as ctx:
        assert app.cli.list_commands(ctx) == sorted(COMMANDS)
        for name in COMMANDS:
            command = app.cli.get_command(ctx, name)
            assert command is not None and command.name == name
    done = subprocess.run(
        [sys.executable, "-c", "from annotator.console import run\nrun()", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    listed = done.stdout.split("Commands:")[1].split()
    assert all(name in listed for name in COMMANDS)


def test_the_demo_builds_a_new_database_without_alembic(tmp_path: Path) -> None:
    """On a new database ``annotator demo`` creates the tables from the models, at the head."""
    code = _command("demo", "--no-serve") + (
        "from sqlalchemy import text\nfrom annotator import create_app, db\n"
        "app = create_app(web=False)\n"
        "with db.get_engine(app).connect() as connection:\n"
        "    version = connection.scalar(text('SELECT version_num FROM alembic_version'))\n"
        "assert version == db.SCHEMA_HEAD, version\n"
    )
    assert _loaded_after(code, tmp_path) == []


def test_the_models_annotations_reach_sqlalchemy_evaluated() -> None:
    """Every ORM class's annotations are objects, so SQLAlchemy evaluates no strings.

    With ``from __future__ import annotations`` in ``annotator/models.py`` every ``Mapped[...]``
    would be a string that SQLAlchemy parses and evaluates at each start (about 0.03 G
    instructions of every command and worker, docs/benchmarks.md "Small and quick").
    """
    import annotator.models
    from annotator.db import Base

    assert annotator.models.User in [mapper.class_ for mapper in Base.registry.mappers]
    mappers = list(Base.registry.mappers)
    strings = {
        f"{mapper.class_.__name__}.{name}": annotation
        for mapper in mappers
        for name, annotation in vars(mapper.class_).get("__annotations__", {}).items()
        if isinstance(annotation, str)
    }
    assert strings == {}
