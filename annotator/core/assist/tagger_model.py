"""A trained tagger as plain data (:class:`TaggerModel`): its labels, the CRF's bytes, the
tables its features depend on and what it was trained on; turned into bytes and back, so that
a service can keep it in the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import pycrfsuite

from ..schema_roles import SPAN_ROLES
from .features import FEATURES_VERSION
from .inference import Weights
from .model_bytes import frame, unframe


@dataclass(frozen=True)
class TaggerModel:
    """A trained tagger: its span labels, the CRF's bytes and what it was trained on."""

    labels: tuple[str, ...]
    crf: bytes
    trained_on: frozenset[str] = frozenset()
    trained_hashes: frozenset[str] = frozenset()
    #: Divides the CRF's scores before the marginals are taken (see :mod:`.inference`).
    temperature: float = 1.0
    features_version: str = FEATURES_VERSION
    #: Per label, the words the gold ties to it (:mod:`.learned`); features depend on them.
    learned: dict[str, frozenset[str]] = field(default_factory=dict, compare=False)
    #: Word clusters of the training text (:mod:`.clusters`); features depend on them.
    clusters: dict[str, int] = field(default_factory=dict, compare=False)
    #: The labels whose fragments are joined after decoding (:mod:`.fragments`).
    joined: frozenset[str] = frozenset()
    #: Which of ``labels`` plays each span role (role -> label), as the model learned them.
    roles: dict[str, str] = field(default_factory=dict, compare=False)

    @cached_property
    def _tagger(self) -> pycrfsuite.Tagger:
        return open_crf(self.crf)

    @cached_property
    def _weights(self) -> Weights:
        return read_weights(self._tagger)

    def to_bytes(self) -> bytes:
        """Return the model as bytes: a JSON header, then the CRF (no pickle: safe to load)."""
        header = {
            "labels": list(self.labels),
            "trained_on": sorted(self.trained_on),
            "trained_hashes": sorted(self.trained_hashes),
            "temperature": self.temperature,
            "features_version": self.features_version,
            "learned": {label: sorted(words) for label, words in self.learned.items()},
            "clusters": self.clusters,
            "joined": sorted(self.joined),
            "roles": self.roles,
        }
        return frame(header, self.crf)

    @classmethod
    def from_bytes(cls, data: bytes) -> TaggerModel:
        """Read a model written by :meth:`to_bytes`.

        :raises ValueError: the bytes are not such a model, or need other features.
        """
        header, crf = unframe(data)
        if header["features_version"] != FEATURES_VERSION:
            raise ValueError(
                f"model made with features {header['features_version']}, "
                f"this code has {FEATURES_VERSION}: train it again"
            )
        labels = tuple(header["labels"])
        learned = {label: frozenset(words) for label, words in header["learned"].items()}
        roles = header.get("roles")
        if roles is None:
            # Stored before models kept their roles: the labels named like a role played it
            # (the suggestions named them so), and the learned words' features came in the
            # order of the labels' names.
            roles = {role: role for role in SPAN_ROLES if role in labels}
            learned = dict(sorted(learned.items()))
        return cls(
            labels=labels,
            crf=crf,
            trained_on=frozenset(header["trained_on"]),
            trained_hashes=frozenset(header["trained_hashes"]),
            temperature=float(header["temperature"]),
            learned=learned,
            clusters={word: int(n) for word, n in header["clusters"].items()},
            # Models stored before the joining knew of no labels to join.
            joined=frozenset(header.get("joined", ())),
            roles={str(role): str(label) for role, label in roles.items()},
        )


def open_crf(crf: bytes) -> pycrfsuite.Tagger:
    """Return a CRFsuite tagger over the model's bytes (in memory, no file)."""
    tagger = pycrfsuite.Tagger()
    tagger.open_inmemory(crf)
    return tagger


def read_weights(tagger: pycrfsuite.Tagger) -> Weights:
    """Return the CRF's weights, for its marginals (:mod:`.inference`)."""
    info = tagger.info()
    return Weights.from_info(tagger.labels(), info.state_features, info.transitions)
