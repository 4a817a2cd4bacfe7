"""The use cases, one package per thing users do; shared by the pages, the API and the CLI.

Every service takes a ``Session`` first and flushes, never commits: the caller owns the
transaction.
"""
