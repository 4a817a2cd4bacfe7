"""Gold's own rules, below every package that reads or writes gold (accounts, annotation, review,
agreement, assist, datasets): marked final it takes no change (``lock``), the status of a
document's gold as SQL (``state``), and which documents a session wrote gold on (``writes``).
"""
