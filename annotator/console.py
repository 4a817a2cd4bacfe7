"""The ``annotator`` program: answers ``--version`` at once, else runs the command line."""

from __future__ import annotations

import sys


def run() -> None:
    """Run the ``annotator`` command line (:data:`annotator.cli.main`).

    ``annotator --version`` is answered before Flask and the app are imported, in a tenth of
    the time; every other use goes to the command line as it is.
    """
    if sys.argv[1:] == ["--version"]:
        from annotator.core.version import __version__

        print(f"annotator {__version__}")
        return
    from annotator.cli import main

    main()
