"""Users and tokens, projects and the edits of their schemas (what a change of a schema does to
the annotations is :mod:`annotator.services.schema`'s), who sees what, assignment and progress.
"""
