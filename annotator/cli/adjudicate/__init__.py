"""``annotator adjudicate``: the review's decisions into gold, from the command line.

The same actions as the review pages and ``/api/v1/projects/<slug>/review``, through the
same services; documents are named by their ``#`` number on the project page (``#12`` or
``12``) or by their external id, as in exports. One job a module:

- :mod:`.differences`: how a document's annotators differ, and what is decided (reading only);
- :mod:`.decisions`: one difference or item at a time: accept, take instead, none, reopen;
- :mod:`.unanimous`: every item enough annotators agree on, accepted at once;
- :mod:`.status`: a document's gold status, read or set (final, with what gold then lacks).
"""

from __future__ import annotations

import click

from annotator.cli.adjudicate.decisions import (
    accept_command,
    none_command,
    reopen_command,
    take_command,
)
from annotator.cli.adjudicate.differences import differences_command
from annotator.cli.adjudicate.status import status_command
from annotator.cli.adjudicate.unanimous import unanimous_command


@click.group("adjudicate")
def adjudicate_group() -> None:
    """Decide the gold layer: differences, accept, take instead, none, reopen, unanimous, status."""


for _command in (
    differences_command,
    accept_command,
    take_command,
    none_command,
    reopen_command,
    unanimous_command,
    status_command,
):
    adjudicate_group.add_command(_command)
