"""Changing a difference decided by a version in gold: take another version, or reopen it.

A difference is decided once gold holds one of its versions
(:mod:`annotator.services.review.decided_differences`), whichever way that version came in:
accepting a relation brings its end spans into gold, and so decides their own boundary or
label differences with the relation's annotator's spans, unasked. The reviewer may then
take another annotator's version of such a difference instead, or reopen it (to decide again).

Gold stays consistent and nothing goes silently, as the answer
(:class:`annotator.core.gold_changes.Changed`, which the pages and the command line say and
the API answers) says:

-   taking another version of a span difference moves gold's span onto that version (label,
    bounds, attributes): the same gold span, so gold's relations at it keep pointing at it
    (a relabel that a relation type does not allow is refused, naming the relation, by
    :func:`annotator.services.annotation.spans.update_span`); of a relation difference it
    removes gold's relation of the other version and accepts this one, its ends as they are
    (gold's span standing for an end moves onto it: gold's relation is then this version
    exactly, whose its provenance names); an attribute's or a
    label's value is set in place of gold's
    (:func:`annotator.services.review.adjudication.accept_item`). The version is named by
    its item (:func:`.taking.take_instead`: the pages, the API) or by its annotator
    (:func:`.taking.take_annotators_instead`: the API, the command line). Only a difference
    gold holds a version of is changed so: an undecided one, or one decided as none taken,
    has a version accepted instead;
-   reopening removes what gold holds of the difference's versions: a span with the
    relations at it (named; the History restores them with it), a relation, an attribute's
    value, a label's value (:func:`.reopening.reopen_taken`). The pages'
    :func:`.reopening.reopen_difference` reopens a "none taken" decision too
    (:func:`annotator.services.review.none_taken.reopen`).

One job a module; the callers (the review pages, the API, ``annotator adjudicate``) import
from the first two:

- :mod:`.taking`: another version taken in place of gold's;
- :mod:`.reopening`: gold's versions removed, or a "none taken" decision undone;
- :mod:`.held`: which of gold's rows hold a difference's versions (as
  :mod:`annotator.services.review.decided_differences` tells them held), and the refusal
  when none does;
- :mod:`.said`: gold's rows as :class:`~annotator.core.gold_changes.Changed` names them.
"""
