"""The modules a page preloads are read from its entry module's static imports, however deep."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.web.module_imports import imported_modules


def _modules(folder: Path, **sources: str) -> Path:
    for name, source in sources.items():
        (folder / f"{name.replace('_', '-')}.js").write_text(source, encoding="utf-8")
    return folder


def test_every_static_import_is_followed_and_nothing_else(tmp_path: Path) -> None:
    folder = _modules(
        tmp_path,
        entry='import { a } from "./a.js";\nimport * as b from "./b.js";\nimport "./side.js";\n',
        a='import {\n  deep,\n  deeper,\n} from "./deep.js";\nexport { c } from "./c.js";\n',
        b="// Loaded only when asked: not preloaded.\n"
        'export const later = () => import("./lazy.js");\n'
        "export function at(from, to) { return from + to; }\n",
        deep="export const deep = 1;\n",
        c="export const c = 1;\n",
        side="document.title = 'x';\n",
        lazy="export const lazy = 1;\n",
        unused="export const unused = 1;\n",
    )
    assert imported_modules(folder, "entry.js") == ["a.js", "b.js", "c.js", "deep.js", "side.js"]


def test_a_cycle_ends_and_the_entry_is_not_listed(tmp_path: Path) -> None:
    folder = _modules(
        tmp_path,
        entry='import { b } from "./b.js";\n',
        b='import { c } from "./c.js";\nimport { e } from "./entry.js";\n',
        c='import { b } from "./b.js";\n',
    )
    assert imported_modules(folder, "entry.js") == ["b.js", "c.js"]


def test_names_sort_as_the_modules_do_not_as_their_files(tmp_path: Path) -> None:
    folder = _modules(
        tmp_path,
        entry='import "./note-box.js";\nimport "./note.js";\nimport "./a.js";\n',
        note_box="",
        note="",
        a="",
    )
    assert imported_modules(folder, "entry.js") == ["a.js", "note.js", "note-box.js"]


def test_a_module_that_is_not_there_is_named_with_its_importer(tmp_path: Path) -> None:
    folder = _modules(tmp_path, entry='import "./a.js";\n', a='import { x } from "./gone.js";\n')
    with pytest.raises(FileNotFoundError, match=r"a\.js imports \./gone\.js"):
        imported_modules(folder, "entry.js")
