"""The ``annotator`` program: answers ``--version`` at once, else runs the command line."""

from __future__ import annotations

import gc
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
    # Importing Flask, SQLAlchemy and the models makes some hundred thousand objects that
    # live as long as the process, and the collector's passes over them were about a tenth
    # of a small command's start-up CPU. The command line's group turns it on again before
    # its command runs (annotator.cli.main).
    gc.disable()
    from annotator.cli import main

    main()


if __name__ == "__main__":  # python -m annotator.console, as the console script does
    run()
