"""The release of annotator; pyproject.toml reads it from here (one place to bump)."""

__version__ = "0.1.0"
