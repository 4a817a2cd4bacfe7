"""How a process that cannot start on its settings stops: one line on stderr, no traceback.

The one place for every face: the ``annotator`` program's commands (its group catches the
error, :class:`annotator.cli.AnnotatorGroup`) and the WSGI module that gunicorn loads.
"""

from __future__ import annotations

import sys
from typing import NoReturn

from annotator.core.errors import SettingsError

#: The command line's exit status for settings it cannot use (click's, for a usage error).
SETTINGS_EXIT_STATUS = 2
#: The WSGI module's: gunicorn's own status for an app that failed to load, which stops its
#: master whether it loaded the app itself (--preload) or a worker did; a worker exiting with
#: any other status is started again, and again.
WSGI_SETTINGS_EXIT_STATUS = 4


def refuse_to_start(error: SettingsError, status: int = SETTINGS_EXIT_STATUS) -> NoReturn:
    """Write ``error`` as one line on stderr and exit with ``status``."""
    reason = " ".join(str(error).split())  # one line, whatever the driver's message held
    sys.stderr.write(f"Error: {reason}\n")  # as click says a command's error
    sys.stderr.flush()
    raise SystemExit(status)
