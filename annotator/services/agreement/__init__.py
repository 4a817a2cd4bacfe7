"""The agreement report: loading a project's layers and calling the core's measures."""
