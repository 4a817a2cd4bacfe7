"""A project's label schema and its annotations: what a change of the schema does to them.

A change (:mod:`.changes`, the one path every edit of a project's schema ends in) renames
through every layer, refuses removing what is used and tightening what annotations break
(:mod:`.breaks`), asks before changing what used entries mean (:mod:`.meaning`), says what it
renamed in final gold (:mod:`.final_gold`), carries itself into the suggestions'
rejections and models (:mod:`.suggestions`) and counts the layers it leaves with a required
field blank (:mod:`.required_blank`). Beside it, what the pages read of a schema's use: each
value's uses (:mod:`.value_uses`), values given toward an older target (:mod:`.older_targets`),
whether the labels count as checked (:mod:`.labels_checked`).

Every edit of the schema is saved by :mod:`.saving` (the change, and its audit entry): the
whole schema from :mod:`annotator.services.accounts` (``project_admin``, with a project's
name, guidelines and K), which calls down into this package, never the reverse; one entry,
field or value at a time from the labels pages (:mod:`.entries`, :mod:`.field_settings`,
:mod:`.field_values`).
"""
