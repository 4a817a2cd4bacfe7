"""The modules an ES module imports, however deep: what a page preloads beside its entry module.

Without ``<link rel="modulepreload">`` the browser learns of a module only once the module
importing it has arrived, a round trip per level of imports. The list is read from the
modules themselves, so that a module imported later is preloaded without anyone writing it
down a second time.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path, PurePosixPath

from flask import current_app

#: A static import of a module beside the importer: ``import ... from "./x.js"`` (the
#: ``from`` on the same line or, for a list of names that wraps, on the line that closes it),
#: ``export ... from "./x.js"`` and ``import "./x.js"``. A dynamic ``import("./x.js")`` is
#: not one: it loads when it runs, and preloading it would fetch what may never be used.
_STATIC_IMPORT = re.compile(
    r"""^\s*(?:import\s*|(?:import|export|\}).*?\bfrom\s*)["']\./([\w.-]+\.js)["']""",
    re.MULTILINE,
)


def imported_modules(folder: Path, entry: str) -> list[str]:
    """Return the modules of ``folder`` that ``entry`` (a file in it) imports statically,
    directly or through another, sorted by name (``note.js`` before ``note-box.js``);
    ``entry`` itself is not among them.

    :raises FileNotFoundError: a module imports one that is not in ``folder``, named with
        its importer.
    """
    found: set[str] = set()
    todo = [entry]
    while todo:
        importer = todo.pop()
        source = (folder / importer).read_text(encoding="utf-8")
        for name in _STATIC_IMPORT.findall(source):
            if name in found or name == entry:
                continue
            if not (folder / name).is_file():
                raise FileNotFoundError(f"{importer} imports ./{name}, which {folder} lacks")
            found.add(name)
            todo.append(name)
    return sorted(found, key=lambda name: name.removesuffix(".js"))


@functools.cache
def _imports_under(static_folder: str, entry: str) -> tuple[str, ...]:
    path = PurePosixPath(entry)
    names = imported_modules(Path(static_folder, *path.parent.parts), path.name)
    return tuple(str(path.parent / name) for name in names)


def static_imports(entry: str) -> tuple[str, ...]:
    """Return the static files that the module ``entry`` (a path under the static folder,
    ``js/workspace.js``) imports, however deep, as paths under that folder, for the page's
    ``modulepreload`` links.

    Read once per process: a module given a new import is preloaded after a restart (until
    then the browser fetches it, a little later, all the same).
    """
    folder = current_app.static_folder
    if folder is None:  # never for this app, whose static folder is annotator/static
        raise RuntimeError("the app serves no static folder to read modules from")
    return _imports_under(folder, entry)
