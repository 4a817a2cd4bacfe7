"""The settings classes, at the checkout's root where the design has them.

They live in :mod:`annotator.config`, so that an installed wheel carries them; this module
names them for scripts and tools that import ``config`` from a checkout.
"""

from annotator.config import Config, TestingConfig

__all__ = ["Config", "TestingConfig"]
