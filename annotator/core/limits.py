"""The range of an integer the database's 32-bit columns hold: ids, offsets, counts.

A number outside it can name no row and fit no column, so every face refuses it before a
query sees it (the JSON fields in ``api/fields``, the URL ids in ``web/routing``), and the
OpenAPI document states it.
"""

from __future__ import annotations

INT_MIN, INT_MAX = -(2**31), 2**31 - 1
