"""Suggestions: training a project's span tagger from its gold layer, writing each document's
suggestions layer with it (or with the attribution rules before any model exists), reading
that layer, and accepting a suggestion into an annotator's or the gold layer.

The learning itself is the core's (:mod:`annotator.core.assist`); this package stores the
models (:class:`annotator.models.AssistModel`) and the suggestions layer, whose key is
``suggestions``: it is neither gold nor an annotator's, and neither agreement nor review
counts it.
"""
