"""A project's layers as the agreement report holds them: parallel NumPy arrays per kind."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class SpanTable:
    """One layer's spans over the corpus: parallel arrays sorted by (document, start, end)."""

    doc: np.ndarray
    start: np.ndarray
    end: np.ndarray
    label: np.ndarray  # index into Corpus.span_labels
    id: np.ndarray
    attributes: np.ndarray  # index into Corpus.attribute_sets, -1 for none

    def __len__(self) -> int:
        return len(self.id)


@dataclass
class RelationTable:
    """Relations as parallel arrays; ``source`` and ``target`` are span ids."""

    type: np.ndarray  # index into Corpus.relation_types
    source: np.ndarray
    target: np.ndarray


@dataclass
class LabelTable:
    """Label values of every layer as parallel arrays."""

    layer: np.ndarray  # index into Corpus.layers
    doc: np.ndarray
    unit: np.ndarray  # sentence index, or -1 for the document
    name: np.ndarray  # index into Corpus.label_names
    value: np.ndarray  # index into Corpus.label_values
