"""Marking gold final, and the unanimous items it lacks: one rule for the page, API and CLI.

Deciding every difference leaves out what the annotators agreed on (agreed items are not
differences), so gold marked final with "0 to decide" could be exported without them.
Setting ``final`` therefore counts the items all annotators gave alike that gold lacks
(:func:`annotator.services.review.unanimous.preview_unanimous`) and, when asked
(``unanimous="accept"``), accepts them first. The review page asks the reviewer before it
writes (``ask_first``); the API and the command line, whose existing clients mark final
without a question, write and answer the count, so that nothing that worked before is
refused.

Marking final also leaves out the versions of every difference still undecided (marking final
decides none of them: :mod:`annotator.services.review.decided_differences`). The page asks
about them too, in the same question, and the API and the command line say how many.

On a document one annotator annotated nothing differs, so nothing is to decide: what gold
never took of that layer (:func:`never_taken`, counted as the unanimous items of a quorum of
one) is asked about and said as the undecided differences are. The words of both, naming the
document (``#N (external id)``), are :func:`left_out_said`'s, for every face.

So it does about the annotators assigned the document who have not marked it done or skipped
(:func:`annotator.services.review.layers.not_done`): what the review compared of an In
progress layer may still change after gold is final. The page names them in the question; the
API and the command line name them.

A required label field gold leaves blank (:mod:`annotator.core.required_fields`) is warned
about, not refused, as the rest of this check is: an annotator's "done" is refused, since
their blank would read as agreement, but a reviewer may mark final a document where no
annotator gave a value either, and API and command-line clients that mark final today keep
working. The page asks first, naming the sentences; the API and the command line warn
(``required_missing``, and in ``warnings``).

On a document three or more annotate, what most of them agree on (the ``majority`` quorum,
:mod:`annotator.core.quorum`) may be more than what all of them do: items in differences still
undecided, whose versions final gold would leave out. The check counts those too, and only
when the majority would bring more than unanimity does the page offer them
(``unanimous="majority"`` accepts them first, the unanimous ones among them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from annotator.core.caller import Actor
from annotator.core.errors import Invalid
from annotator.core.quorum import MAJORITY, UNANIMOUS
from annotator.core.required_fields import MissingField, missing_said
from annotator.core.shown_names import AS_NAMED, ShownNames
from annotator.core.vocabulary import FINAL
from annotator.core.wording import document_said, never_taken_said, undecided_said
from annotator.db import AppSession
from annotator.models import Document
from annotator.services.accounts.permissions import require_review
from annotator.services.annotation.required import layer_gaps
from annotator.services.gold.lock import gold_is_final, hold_gold_for_status
from annotator.services.review.decided_differences import document_to_decide
from annotator.services.review.gold_status import document_gold_status, set_gold_status
from annotator.services.review.layers import not_done
from annotator.services.review.unanimous import (
    Accepted,
    accept_unanimous,
    items_to_accept,
    preview_unanimous,
)

#: What to do with the unanimous items gold lacks when marking it final: take them into gold
#: first, take in what most annotators agree on (the unanimous items among them), or leave
#: gold as it is (marking final all the same).
UNANIMOUS_CHOICES = ("accept", "majority", "leave")
#: The choices that accept items before marking final, with the quorum each accepts with.
ACCEPTING = {"accept": UNANIMOUS, "majority": MAJORITY}


@dataclass(frozen=True)
class NeverTaken:
    """What gold lacks of the layer of a document's only annotator: never taken into gold,
    and no difference asks about it."""

    annotator: str
    spans: int
    relations: int
    labels: int

    @property
    def total(self) -> int:
        """Return the number of items."""
        return self.spans + self.relations + self.labels


def never_taken(session: AppSession, document: Document) -> NeverTaken | None:
    """Return what gold lacks of the layer of ``document``'s only annotator; None when it has
    two or more annotators (or none), or gold lacks nothing of it."""
    items = items_to_accept(session, document, fewest=1)
    if items is None or len(items.annotators) != 1 or not items.total:
        return None
    (annotator,) = items.annotators
    return NeverTaken(annotator, len(items.spans), len(items.relations), len(items.labels))


def left_out_said(
    document: str,
    undecided: int | None,
    never: NeverTaken | None,
    shown: ShownNames = AS_NAMED,
    gaps: Sequence[MissingField] = (),
) -> list[str]:
    """Say what gold marked final leaves out of ``document`` (:func:`document_said`): its
    differences still undecided, and what gold never took of a lone annotator's layer (named
    as ``shown`` names the layers); one sentence each, without a final stop. The review
    page's question and message, the API's ``warnings`` and the command line's warnings."""
    said = [undecided_said(undecided, document)] if undecided else []
    if never is not None:
        counts: Sequence[tuple[int, str]] = (
            (never.spans, "span"),
            (never.relations, "relation"),
            (never.labels, "label"),
        )
        said.append(never_taken_said(shown(never.annotator), counts, document))
    if gaps:
        said.append(f"In gold of {document}, {missing_said(list(gaps))}")
    return said


@dataclass
class FinalCheck:
    """What gold marked final now would leave out: what the review page asks about first."""

    #: The unanimous items gold lacks.
    lacking: Accepted
    #: The differences still to decide (the review page's "N to decide"): their versions stay
    #: out of gold.
    undecided: int
    #: The annotators assigned the document who have not marked it done or skipped, with
    #: their status, by name: their layers may still change once gold is final.
    not_done: list[tuple[str, str]] = field(default_factory=list)
    #: The items most annotators (more than half) gave alike that gold lacks, the unanimous
    #: ones among them, when they are more than :attr:`lacking`; else None (nothing more to
    #: offer: two annotators, or most agree on nothing that all do not).
    majority: Accepted | None = None
    #: What gold lacks of a lone annotator's layer (:func:`never_taken`).
    never_taken: NeverTaken | None = None
    #: The document as the words name it (:func:`annotator.core.wording.document_said`).
    document: str = ""
    #: The required label fields gold has no value for (:mod:`annotator.core.required_fields`).
    gaps: list[MissingField] = field(default_factory=list)

    @property
    def asks(self) -> bool:
        """Whether there is anything to ask about."""
        return bool(
            self.lacking.total
            or self.majority is not None
            or self.undecided
            or self.not_done
            or self.never_taken
            or self.gaps
        )

    def left_out(self, shown: ShownNames = AS_NAMED) -> list[str]:
        """Say what gold marked final now would leave out (:func:`left_out_said`)."""
        return left_out_said(self.document, self.undecided, self.never_taken, shown, self.gaps)


def final_check(
    session: AppSession, reviewer: Actor, document: Document, *, majority: bool = True
) -> FinalCheck:
    """Count what marking ``document``'s gold final would leave out (read only).

    :param majority: also count what most annotators agree on (a second reading of the
        layers), which only the page's question offers; the API and the command line, which
        say the unanimous count alone, leave it out.
    """
    lacking = preview_unanimous(session, reviewer, document)
    most = preview_unanimous(session, reviewer, document, quorum=MAJORITY) if majority else None
    return FinalCheck(
        lacking,
        document_to_decide(session, document),
        not_done(session, document),
        most if most is not None and most.total > lacking.total else None,
        # Fewer than two annotators skip the unanimous count: one may have given much.
        never_taken(session, document) if lacking.skipped else None,
        document_said(document.number, document.external_id),
        layer_gaps(session, document, None),
    )


@dataclass
class StatusChange:
    """What setting a gold status did."""

    #: The gold status now (the one before when ``asked``).
    status: str
    #: The unanimous items gold lacks once the status is set: counted when it is ``final``
    #: (none when they were accepted), else None.
    lacking: Accepted | None = None
    #: The items accepted into gold on the way (``unanimous="accept"``, or ``"majority"``:
    #: what most annotators gave alike), else None.
    accepted: Accepted | None = None
    #: Nothing was written: the page is to ask the reviewer first (``ask_first``).
    asked: bool = False
    #: The differences still to decide once the status is set, counted when it is ``final``
    #: (their versions are not in gold), else None.
    undecided: int | None = None
    #: The annotators not done with the document (:attr:`FinalCheck.not_done`), when it is
    #: ``final``, else None.
    not_done: list[tuple[str, str]] | None = None
    #: What gold lacks of a lone annotator's layer (:func:`never_taken`), when it is ``final``.
    never_taken: NeverTaken | None = None
    #: The document as the words name it (:func:`annotator.core.wording.document_said`).
    document: str = ""
    #: The required label fields gold has no value for, when it is ``final``, else None.
    gaps: list[MissingField] | None = None

    def left_out(self, shown: ShownNames = AS_NAMED) -> list[str]:
        """Say what gold, set to this status, leaves out (:func:`left_out_said`)."""
        return left_out_said(
            self.document, self.undecided, self.never_taken, shown, self.gaps or ()
        )


def change_gold_status(
    session: AppSession,
    reviewer: Actor,
    document: Document,
    status: str,
    unanimous: str | None = None,
    *,
    ask_first: bool = False,
) -> StatusChange:
    """Set a document's gold status; for ``final``, count or accept the unanimous items gold lacks.

    :param unanimous: ``accept`` takes them into gold before marking final; ``majority``
        takes in what most annotators gave alike (them among it); ``leave`` (or None) marks
        final without them. For another status a choice is ignored, but an
        unknown one is refused whatever the status.
    :param ask_first: when marking a document final that is not final yet, with items
        lacking, differences undecided or a lone annotator's items never taken, and no
        ``unanimous`` choice, write nothing and return ``asked`` (the page's question, which
        states them).
    :raises Invalid: an unknown status or ``unanimous`` choice (the field named).
    """
    # Who may first, in set_gold_status's words, before anything is counted or accepted.
    require_review(session, reviewer, document.project_id, "change the gold status")
    if unanimous is not None and unanimous not in UNANIMOUS_CHOICES:
        raise Invalid(
            f"unanimous must be one of {', '.join(UNANIMOUS_CHOICES)}, got {unanimous!r}",
            details={"field": "unanimous", "allowed": list(UNANIMOUS_CHOICES)},
        )
    # Before anything is read or accepted: the gold writes under way commit first, and new
    # ones wait for this status (services/gold/lock.py); taken later, after an accept's own
    # hold, two markings of one document would each wait for the other.
    hold_gold_for_status(session, document)
    if status != FINAL:
        return StatusChange(set_gold_status(session, reviewer, document, status))
    # Marking final again is never refused, and final gold takes no change: an accepting
    # choice then accepts nothing, and what gold lacks is counted as with "leave".
    if unanimous in ACCEPTING and not gold_is_final(session, document):
        accepted = accept_unanimous(session, reviewer, document, quorum=ACCEPTING[unanimous])
        set_gold_status(session, reviewer, document, status)
        undecided = document_to_decide(session, document)
        return StatusChange(
            status,
            Accepted(),
            accepted,
            undecided=undecided,
            not_done=not_done(session, document),
            never_taken=never_taken(session, document) if accepted.skipped else None,
            document=document_said(document.number, document.external_id),
            gaps=layer_gaps(session, document, None),
        )
    asking = ask_first and unanimous is None
    check = final_check(session, reviewer, document, majority=asking)
    if asking and check.asks:
        before = document_gold_status(session, document)
        if before != FINAL:
            return StatusChange(
                before,
                check.lacking,
                asked=True,
                undecided=check.undecided,
                not_done=check.not_done,
                never_taken=check.never_taken,
                document=check.document,
                gaps=check.gaps,
            )
    set_gold_status(session, reviewer, document, status)
    return StatusChange(
        status,
        check.lacking,
        Accepted() if unanimous in ACCEPTING else None,
        undecided=check.undecided,
        not_done=check.not_done,
        never_taken=check.never_taken,
        document=check.document,
        gaps=check.gaps,
    )
