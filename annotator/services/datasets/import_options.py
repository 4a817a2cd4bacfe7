"""The options of an import, as every face gives them: :class:`DatasetOptions`.

The command line's flags, the API's fields and query parameters and the pages' fields all
become one :class:`DatasetOptions`, which the import service
(:mod:`annotator.services.datasets.imports`) takes; each face names them in messages with its
own :class:`~annotator.core.formats.option_words.OptionWords`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.core.caller import Actor
from annotator.core.errors import Invalid
from annotator.core.formats.label_map import LabelMap, MapError, parse_map
from annotator.core.formats.option_words import COMMAND_LINE, OptionWords
from annotator.core.formats.read_options import ReadOptions


@dataclass
class DatasetOptions:
    """How to import annotations: whether to create unknown annotators, and a default name."""

    create_users: bool = False
    #: Who imports: the audit log's ``user.create`` entries for the annotators an import
    #: creates name them; None is the command line.
    actor: Actor | None = None
    #: The layer of records that name none (doccano, Label Studio): a username or ``gold``.
    annotator: str | None = None
    #: ``--map``: another tool's labels to ours (:mod:`annotator.core.formats.label_map`).
    label_map: str | None = None
    #: How the face that gave these options names them, in the import's messages.
    words: OptionWords = COMMAND_LINE
    #: ``--texts-only``: a corpus's documents and sentences with no layer at all
    #: (:mod:`annotator.core.formats.texts_only`).
    texts_only: bool = False
    #: ``--skip-same-texts``: leave out a new document whose text the project (or an earlier
    #: document of the import) already has, listed among the skipped with the id of the
    #: document it repeats; by default it is stored and warned of
    #: (:mod:`annotator.services.datasets.same_texts`).
    skip_same_texts: bool = False
    #: How files read by extension are read: their encoding and CSV columns (``--encoding``,
    #: ``--text-column`` ...); a ``--format`` corpus takes none.
    reading: ReadOptions = field(default_factory=ReadOptions)
    #: :attr:`label_map` read, once: the corpus readers and the layer check apply the same
    #: map, which notes the entries that matched something.
    _mapping: LabelMap | None = field(default=None, init=False, repr=False, compare=False)

    def mapping(self) -> LabelMap:
        """Return :attr:`label_map` read (an empty map when none was given), the same map
        each time.

        :raises Invalid: naming the entry of the map that cannot be read, or the option a
            texts-only import cannot take (it stores no label and no layer).
        """
        if self.texts_only:
            words = self.words
            for given, name in (
                (self.annotator, words.annotator),
                (self.label_map, words.label_map),
            ):
                if given is not None:
                    raise Invalid(
                        f"{words.texts_only} brings the texts in with no layer, so it takes no "
                        f"{name}: leave {name} empty, or import the layers without "
                        f"{words.texts_only}",
                        details={"field": "texts_only"},
                    )
            if self._mapping is None:
                self._mapping = LabelMap.keeping_all(words)
            return self._mapping
        if self._mapping is None:
            try:
                self._mapping = parse_map(self.label_map, self.words)
            except MapError as exc:
                raise Invalid(str(exc)) from None
        return self._mapping
