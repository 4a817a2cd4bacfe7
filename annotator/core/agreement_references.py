"""What each figure of the agreement report is, in a line, and whom to cite for it.

The agreement page's "Measures" section is drawn from here; ``docs/agreement.md`` ("How to
cite") lists the same references word for word, which a test holds them to. Kept outside
``annotator.core.agreement``, whose package loads NumPy: the page needs only these strings.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Full references by key, plain text (the docs add Markdown emphasis only).
REFERENCES: dict[str, str] = {
    "cohen1960": (
        "Cohen, J. (1960). A coefficient of agreement for nominal scales. "
        "Educational and Psychological Measurement, 20(1), 37–46."
    ),
    "fleiss1971": (
        "Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters. "
        "Psychological Bulletin, 76(5), 378–382."
    ),
    "krippendorff2011": (
        "Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability. Departmental "
        "Papers (ASC), Annenberg School for Communication, University of Pennsylvania. "
        "https://repository.upenn.edu/asc_papers/43"
    ),
    "krippendorff2004": (
        "Krippendorff, K. (2004). Content Analysis: An Introduction to Its Methodology "
        "(2nd ed.). Thousand Oaks, CA: Sage."
    ),
    "krippendorff1995": (
        "Krippendorff, K. (1995). On the reliability of unitizing continuous data. "
        "Sociological Methodology, 25, 47–76."
    ),
    "krippendorff2016": (
        "Krippendorff, K., Mathet, Y., Bouvry, S., & Widlöcher, A. (2016). On the reliability "
        "of unitizing textual continua: Further developments. Quality & Quantity, 50(6), "
        "2347–2364."
    ),
    "passonneau2006": (
        "Passonneau, R. (2006). Measuring agreement on set-valued items (MASI) for semantic "
        "and pragmatic annotation. In Proceedings of the Fifth International Conference on "
        "Language Resources and Evaluation (LREC'06), Genoa, Italy. ELRA. ACL Anthology "
        "L06-1392, https://aclanthology.org/L06-1392/"
    ),
    "hripcsak2005": (
        "Hripcsak, G., & Rothschild, A. S. (2005). Agreement, the F-measure, and reliability "
        "in information retrieval. Journal of the American Medical Informatics Association, "
        "12(3), 296–298."
    ),
}


@dataclass(frozen=True)
class Measure:
    """One figure of the report: its anchor on the page, its name, a line, its references."""

    anchor: str
    name: str
    said: str
    cites: tuple[str, ...] = ()


MEASURES: tuple[Measure, ...] = (
    Measure(
        "measure-alpha",
        "Krippendorff’s α (nominal, ordinal; attributes nominal)",
        "1 − observed / expected disagreement, over the units two or more annotators gave a "
        "value. Any number of annotators; a value one left out is missing, not a "
        "disagreement. Ordinal: on the order of the field’s values.",
        ("krippendorff2011", "krippendorff2004"),
    ),
    Measure(
        "measure-masi",
        "α MASI (multi-valued fields and attributes)",
        "α with the MASI distance between two sets: partial credit where sets overlap "
        "(α nominal counts {a, b} against {a} as a plain disagreement).",
        ("passonneau2006", "krippendorff2011"),
    ),
    Measure(
        "measure-fleiss",
        "Fleiss κ",
        "Chance-corrected agreement of many annotators; needs the same number of values on "
        "every unit (blank otherwise).",
        ("fleiss1971",),
    ),
    Measure(
        "measure-cohen",
        "Cohen κ per pair",
        "Two annotators; chance from each one’s own use of the values.",
        ("cohen1960",),
    ),
    Measure(
        "measure-percent",
        "% agreement",
        "Per unit the share of annotator pairs that agree, averaged over units. Not corrected "
        "for chance.",
    ),
    Measure(
        "measure-span-f1",
        "Span F1 exact and F1 overlap",
        "Two annotators’ spans paired one to one: exact, same start and end; overlap, at "
        "least one shared character (largest shared part first). F1 = 2 × paired / (the "
        "spans of both), per pair, then the mean over pairs. Not corrected for chance; for "
        "two annotators it equals positive specific agreement.",
        ("hripcsak2005",),
    ),
    Measure(
        "measure-unitizing",
        "Unitizing α",
        "Krippendorff’s α for where spans begin and end (the 2004 form, by characters), per "
        "pair on the documents both annotated laid end to end: the 2004 form is not meant "
        "for more than two annotators at once.",
        ("krippendorff2004", "krippendorff1995", "krippendorff2016"),
    ),
    Measure(
        "measure-relation-f1",
        "Relation F1, ends exact and ends overlap",
        "A relation pairs with another of the same type when both its ends do: with exact "
        "span matching, or with overlap matching.",
    ),
    Measure(
        "measure-gold",
        "Against gold",
        "Gold is the reference: spans paired by exact start and end (labels ignored), "
        "precision = paired / the annotator’s spans, recall = paired / gold’s; label fields "
        "by Cohen κ against gold.",
        ("cohen1960",),
    ),
)

#: How to read α: Krippendorff's own thresholds (2004, p. 241).
READING_ALPHA = (
    "Reading α: Krippendorff suggests relying on data with α ≥ .800 and drawing only "
    "tentative conclusions where .667 ≤ α < .800."
)
READING_ALPHA_CITES = ("krippendorff2004",)


#: Shown only where a field or attribute takes sets: the page has no α MASI column otherwise.
SETS_ONLY = frozenset({"measure-masi"})


def shown(*, sets: bool) -> list[Measure]:
    """Return the measures a report shows: α MASI only when it has sets to measure."""
    return [m for m in MEASURES if sets or m.anchor not in SETS_ONLY]


def cited(measures: list[Measure] | tuple[Measure, ...] = MEASURES) -> list[str]:
    """Return the keys ``measures`` and the reading of α cite, each once, first cited first."""
    keys = [key for m in measures for key in m.cites] + list(READING_ALPHA_CITES)
    return list(dict.fromkeys(keys))
