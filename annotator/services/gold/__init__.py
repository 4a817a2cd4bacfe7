"""Gold's own rules, below the review, the datasets and the suggestions that read them: marked
final it takes no change (``lock``), the status of a document's gold as SQL (``state``), and
which documents a session wrote gold on (``writes``).
"""
