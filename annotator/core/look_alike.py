"""What two user names that read alike share: the key under which the user table finds them.

Names are exact everywhere (sign-in, layers, addresses), so 'Carla' beside 'carla', or
full-width 'ａｌｉｃｅ' beside 'alice', would be a second account nobody meant to make. Each
user row stores this key beside the name, indexed (annotator.tables), so that the check for a
look-alike is one indexed lookup, on SQLite and PostgreSQL alike: SQLite's ``lower()`` folds
ASCII letters only, and neither database knows NFKC.
"""

from __future__ import annotations

import unicodedata


def look_alike_key(username: str) -> str:
    """Return the key of ``username``: NFKC, case-folded, NFKC again.

    NFKC maps full-width and other compatibility forms to the plain letters; case folding
    after it can leave a form NFKC changes again (Unicode's NFKC_Casefold does the same).
    """
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", username).casefold())
