"""The review queue: the documents two or more annotated, finished ones first, each group
most disagreement first, final gold last."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.collector import collector_paused
from annotator.core.disagreement import disagreement
from annotator.core.paging import Page, Paging
from annotator.core.shown_names import AS_NAMED, ShownNames
from annotator.core.vocabulary import ANNOTATOR_FILTERS, COUNTED_STATUSES, FINAL, check_status
from annotator.core.wording import assignees_said, not_done_said
from annotator.models import Document, Project, User
from annotator.services.annotation.workspace import QueuePosition, own_progress
from annotator.services.review.changed_after_final import changed_after_final
from annotator.services.review.decided_differences import CuratedDifference, to_decide_counts
from annotator.services.review.difference import Difference
from annotator.services.review.gold_status import final_documents, gold_statuses, gold_statuses_of
from annotator.services.review.layers import DocumentPeople, people_of, waiting_documents

#: The values of an ``anonymous`` request argument that hide annotators' names.
ANONYMOUS = ("1", "on", "true")


@dataclass
class Waiting:
    """An assignee who has not finished a document: their name as shown, and their status."""

    annotator: str
    status: str


@dataclass
class QueueItem:
    """A document in the review queue, with how much its annotators disagree."""

    document: int
    external_id: str
    annotators: int
    f1_overlap: float | None
    label_agreement: float | None
    #: The pairs where one annotator gave a label value and the other left it out, and the
    #: share of agreeing pairs counting those as disagreeing: what ``disagreement`` adds
    #: (:func:`annotator.core.disagreement.label_agreement_with_left_out`).
    label_pairs_left_out: int = 0
    label_agreement_with_left_out: float | None = None
    title: str | None = None
    #: The document's number in the project (``#N``), which the list shows and forms read.
    number: int | None = None
    #: How many differences are still to decide, as the document's review page counts them:
    #: a boundary shift leaves the disagreement at 0 but something to decide.
    to_decide: int = 0
    #: The document's gold status (``open``, ``in_review``, ``final``): read once for the
    #: list by :func:`review_page`, which the page and the API show as it is.
    gold_status: str = "open"
    #: Each compared annotator's assignment status, by name (None: no longer assigned), and
    #: how many of them are done: an In progress layer counted in the disagreement may still
    #: change (the list says "2 assigned: 1 done, 1 in progress").
    statuses: dict[str, str | None] = field(default_factory=dict)
    done: int = 0
    #: Gold is final and an annotator's layer changed since
    #: (:mod:`annotator.services.review.changed_after_final`).
    changed_after_final: bool = False
    #: Everyone assigned the document, compared or not: how many, how many have started
    #: (in progress or done), not started, skipped; and who has not finished (not started
    #: or in progress), named and ordered as ``statuses`` are (hidden: the project's
    #: "Annotator N", compared or not). "2 annotators, 2 done" said nothing of a third
    #: assignee who had not started.
    assigned: int = 0
    started: int = 0
    not_started: int = 0
    skipped: int = 0
    waiting_for: list[Waiting] = field(default_factory=list)

    @property
    def disagreement(self) -> float:
        """Return 0 (full agreement) to 2 (none on spans, none on labels)."""
        return disagreement(self.f1_overlap, self.label_agreement_with_left_out)

    @property
    def assignees_said(self) -> str:
        """Say who is assigned and how far they are: "3 assigned: 2 done, 1 not started"."""
        by_status = {
            "done": self.done,
            "in_progress": self.started - self.done,
            "new": self.not_started,
            "skipped": self.skipped,
        }
        return assignees_said(self.assigned, by_status)

    @property
    def waiting_said(self) -> str:
        """Say who has not finished, by name as shown ("" when nobody)."""
        waiting = [(who.annotator, who.status) for who in self.waiting_for]
        return not_done_said(waiting) if waiting else ""


def review_page(
    session: Session,
    project: Project,
    paging: Paging | None,
    *,
    shown: ShownNames = AS_NAMED,
    annotators: str | None = None,
) -> Page[QueueItem]:
    """Return a page of the documents two or more annotated: those everyone assigned has
    finished first, then those someone has not, each most disagreement first, and those whose
    gold is final after the rest (all: ``paging`` None), each with its title, gold status and
    differences to decide.

    :param shown: how to key each row's statuses and name who it waits for: by name, or by
        the project's number for each annotator (:mod:`annotator.services.review.hidden_names`),
        as every page of it numbers them, for the list page and the API alike.
    :param annotators: ``finished`` keeps only the documents every assignee has finished,
        ``waiting`` those someone assigned has not (:data:`ANNOTATOR_FILTERS`).
    :raises Malformed: ``annotators`` is none of those.

    The order needs every document's disagreement, so the whole project's agreement is
    measured whichever page is asked for; only the page's titles and differences to decide
    are read (a differences pass per row shown). Finished documents go last so that the first
    page holds the work left, not what was reviewed yesterday.
    """
    if annotators is not None:
        check_status(annotators, ANNOTATOR_FILTERS, field="annotators")
    with collector_paused():  # a whole list reads tens of thousands of rows
        return _review_page(session, project, paging, shown, annotators)


def _review_page(
    session: Session,
    project: Project,
    paging: Paging | None,
    shown: ShownNames,
    annotators: str | None,
) -> Page[QueueItem]:
    # The gold statuses are read once, here: the order's final documents and what each row
    # shows. A whole list needs every document's, a page its own.
    if paging is None:
        statuses = gold_statuses(session, project)
        # final_documents' set, from the statuses read anyway (the lock's FINAL).
        final = {document for document, status in statuses.items() if status == FINAL}
    else:
        final = final_documents(session, project)
    waiting = waiting_documents(session, project)
    ordered = _ordered(session, project, final, waiting)
    if annotators is not None:
        keep = annotators == "waiting"
        ordered = [item for item in ordered if (item.document in waiting) == keep]
    page = Page.of(ordered, paging)
    ids = [item.document for item in page.rows]
    if paging is not None:
        statuses = gold_statuses_of(session, ids)
    titles = document_titles(session, ids)
    numbers = document_numbers(session, ids)
    # Who is compared and assigned, read once: the rows' statuses and the count's layers.
    people = people_of(session, ids)
    counts = to_decide_counts(session, ids, people=people)
    changed = changed_after_final(session, ids)
    for item in page.rows:
        _say_people(item, people.get(item.document, DocumentPeople()), shown)
        item.title = titles.get(item.document)
        item.number = numbers.get(item.document)
        item.to_decide = counts.get(item.document, 0)
        item.gold_status = statuses[item.document]
        item.changed_after_final = item.document in changed
    return page


def _say_people(item: QueueItem, people: DocumentPeople, shown: ShownNames) -> None:
    """Fill in ``item``'s compared layers' statuses and its assignees' counts and names, each
    named as ``shown`` names them and in the order of those names (by number when hidden:
    in the real names' order the row would tell how they sort)."""
    statuses = people.statuses
    item.statuses = {shown(name): statuses[name] for name in sorted(statuses, key=shown.rank)}
    item.done = sum(status == "done" for status in statuses.values())
    assigned = list(people.assigned.values())
    item.assigned = len(assigned)
    # Started: work begun and not skipped, the statuses whose layers the review compares.
    item.started = sum(status in COUNTED_STATUSES for status in assigned)
    item.not_started = assigned.count("new")
    item.skipped = assigned.count("skipped")
    # An assignee the review does not compare is numbered as the project numbers them
    # (anyone assigned there has a number); one who is not is "An annotator". Those
    # share a rank, so their status orders them, never their real names.
    waiting = sorted(people.waiting_for(), key=lambda pair: (shown.rank(pair[0]), pair[1]))
    item.waiting_for = [Waiting(shown(name), status) for name, status in waiting]


def review_order(session: Session, project: Project) -> list[int]:
    """Return the ids of the review list's documents in its order (final ones last): the
    order the reviewer works down, for the gold workspace's Previous and Next."""
    final, waiting = final_documents(session, project), waiting_documents(session, project)
    with collector_paused():  # the whole project's agreement rows
        return [item.document for item in _ordered(session, project, final, waiting)]


def review_position(
    session: Session, project: Project, user: User, document: Document
) -> QueuePosition | None:
    """Return where ``document`` sits on the review list, for the gold workspace's Previous,
    Next and "N of M"; None when it is not on the list (fewer than two annotated it).

    The progress is the caller's own assignments, as in their queue; nothing is open to go
    to after "Mark done", which only the caller's own layer has.
    """
    ids = review_order(session, project)
    if document.id not in ids:
        return None
    at = ids.index(document.id)
    done, assigned = own_progress(session, project, user)
    return QueuePosition(
        previous=ids[at - 1] if at > 0 else None,
        next=ids[at + 1] if at + 1 < len(ids) else None,
        next_open=None,
        position=at + 1,
        total=len(ids),
        done=done,
        assigned=assigned,
        review_list=True,
    )


def next_to_review(session: Session, project: Project, after: int) -> int | None:
    """Return the first document of the review list, other than ``after``, whose gold is not
    final; None when there is none."""
    final = final_documents(session, project)
    for item in _ordered(session, project, final, waiting_documents(session, project)):
        if item.document != after and item.document not in final:
            return item.document
    return None


def _ordered(
    session: Session, project: Project, final: set[int], waiting: set[int]
) -> list[QueueItem]:
    """The review list's documents in its order, without titles: those everyone assigned has
    finished first, then those someone has not (``waiting``), each most disagreement first;
    those whose gold is final last. A document both annotators are still working on
    disagrees most while they are halfway (2.00), and came first: the top of the list is to
    be what a reviewer can act on now."""
    # Imported here: the agreement maths loads NumPy, which the rest of review never needs.
    from annotator.services.agreement.report import document_agreement

    items = [
        QueueItem(
            row["document"],
            row["external_id"],
            row["annotators"],
            row["f1_overlap"],
            row["label_agreement"],
            row["label_pairs_left_out"],
            row["label_agreement_with_left_out"],
        )
        for row in document_agreement(session, project)
    ]
    items.sort(
        key=lambda item: (
            item.document in final,
            item.document in waiting,
            -item.disagreement,
            item.document,
        )
    )
    return items


def document_titles(session: Session, ids: list[int]) -> dict[int, str | None]:
    """Return the documents' titles by id, a thousand ids a query (no texts read)."""
    found: dict[int, str | None] = {}
    for start in range(0, len(ids), 1000):
        chunk = ids[start : start + 1000]
        rows = session.execute(select(Document.id, Document.title).where(Document.id.in_(chunk)))
        found.update((document, title) for document, title in rows)
    return found


def document_numbers(session: Session, ids: list[int]) -> dict[int, int]:
    """Return the documents' numbers in their project by id, a thousand ids a query."""
    found: dict[int, int] = {}
    for start in range(0, len(ids), 1000):
        chunk = ids[start : start + 1000]
        rows = session.execute(select(Document.id, Document.number).where(Document.id.in_(chunk)))
        found.update((document, number) for document, number in rows)
    return found


def sentence_ranking(differences: list[Difference]) -> list[tuple[int, int]]:
    """Return (sentence, number of differences) for sentences with any, most first."""
    counts: dict[int, int] = defaultdict(int)
    for difference in differences:
        if difference.sentence is not None:
            counts[difference.sentence] += 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def undecided_ranking(differences: list[CuratedDifference]) -> list[tuple[int, int, str]]:
    """Return (sentence, number of undecided differences, anchor of its first one) for the
    sentences with any, most first: the anchor (``d-N``, as review/document.html numbers the
    differences) is where the sentence's link on the review page leads."""
    first: dict[int, str] = {}
    for number, item in enumerate(differences, start=1):
        if not item.decided and item.difference.sentence is not None:
            first.setdefault(item.difference.sentence, f"d-{number}")
    undecided = [item.difference for item in differences if not item.decided]
    return [(index, count, first[index]) for index, count in sentence_ranking(undecided)]
