"""Inter-annotator agreement: pure functions, plain data in and out.

No Flask and no database here: :mod:`annotator.services` loads the layers and
calls these. Undefined statistics are ``None``, never a made-up number.

Each measure has one implementation; where a corpus needs speed it works on NumPy
arrays, and the list functions (one document's spans as tuples, labels as lists)
convert their input and call it.

-   :mod:`.labels`: Krippendorff's alpha and percent agreement for label fields;
    :mod:`.kappa`: Fleiss' and Cohen's kappa, Scott's pi; :mod:`.fields` bundles them
    per field (:func:`~.fields.matrix_agreement` from a coded matrix).
-   :mod:`.matching`: span matching (exact, overlap) on arrays; :mod:`.tallies`: the
    span F1 counts of a matching; :mod:`.spans`: the list API and pairwise span F1.
-   :mod:`.unitizing`: Krippendorff's unitizing alpha (2004 and 1995 forms);
    :mod:`.continuum`: a corpus as one continuum, overlapping units merged.
-   :mod:`.relations`: relation F1 through span matching.
-   :mod:`.attributes`: alpha on attributes of matched spans.
-   :mod:`.partial`: partial-credit span scores and character-level kappa.
-   :mod:`.vectorised`: the array functions under one name.

Definitions and sources: AGREEMENT.md; published test vectors:
``tests/data/agreement_vectors.json``.
"""

from __future__ import annotations

from .attributes import attribute_alpha, attribute_reliability_data, matched_attribute_values
from .fields import LabelAgreement, label_agreement
from .kappa import (
    cohen_kappa,
    fleiss_kappa,
    fleiss_kappa_from_ratings,
    pairwise_cohen_kappa,
    scotts_pi,
)
from .labels import krippendorff_alpha, pair_key, percent_agreement
from .partial import (
    PartialCredit,
    SemEvalCounts,
    char_level_kappa,
    char_tags,
    merge_overlapping,
    partial_credit,
    semeval2013_partial,
)
from .relations import relation_agreement, relation_counts
from .spans import (
    Matching,
    PairCounts,
    PairwiseAgreement,
    Span,
    match_spans,
    span_agreement,
    span_f1,
)
from .unitizing import Disagreement, UnitizingAlpha, concatenate, unitizing_alpha

__all__ = [
    "Disagreement",
    "LabelAgreement",
    "Matching",
    "PairCounts",
    "PairwiseAgreement",
    "PartialCredit",
    "SemEvalCounts",
    "Span",
    "UnitizingAlpha",
    "attribute_alpha",
    "attribute_reliability_data",
    "char_level_kappa",
    "char_tags",
    "cohen_kappa",
    "concatenate",
    "fleiss_kappa",
    "fleiss_kappa_from_ratings",
    "krippendorff_alpha",
    "label_agreement",
    "match_spans",
    "matched_attribute_values",
    "merge_overlapping",
    "pair_key",
    "pairwise_cohen_kappa",
    "partial_credit",
    "percent_agreement",
    "relation_agreement",
    "relation_counts",
    "scotts_pi",
    "semeval2013_partial",
    "span_agreement",
    "span_f1",
    "unitizing_alpha",
]
