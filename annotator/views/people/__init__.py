"""A project's people (members and their roles) and its assignments, for admins and managers.

To anyone else these pages do not exist (403, whether or not the project does). The rules
and the audit entries are in :mod:`annotator.services.accounts.people` and
:mod:`annotator.services.accounts.staffing`, shared with the API.

One blueprint, ``people``, in three modules by job: the People page (:mod:`.members`), the
Assignments page (:mod:`.assignments`) and the changes posted from it
(:mod:`.assignment_changes`). Importing this package adds all their routes to :data:`bp`.
"""

from __future__ import annotations

from annotator.views.people import assignment_changes, assignments, members
from annotator.views.people.blueprint import bp

__all__ = ["assignment_changes", "assignments", "bp", "members"]
