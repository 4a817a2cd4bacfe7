"""How a page says the outcome of a form it redirected from.

What was done is flashed plainly (``flask.flash``); a refusal, what a JSON client would get
as a 4xx, goes through :func:`refused`, so that every page draws it in the warning style
(``base.html``) and nobody takes a refusal for a success.
"""

from __future__ import annotations

from flask import flash

#: The category ``base.html`` draws in the warning style.
REFUSED = "warning"


def refused(message: str) -> None:
    """Flash a refusal, to be shown in the warning style."""
    flash(message, REFUSED)
