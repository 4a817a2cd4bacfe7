"""Annotating: who may read or write which layer, and the writes of spans, relations,
labels, statuses and notes (the API's fast write path included).
"""
