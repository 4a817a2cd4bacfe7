"""Review: the differences between annotators, the queue, adjudication into gold, accepting
unanimous items, and each document's gold status.
"""
