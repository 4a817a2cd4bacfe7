"""PolNeAR's CoreNLP analyses, read for ``assist_parse_ceiling.py`` (issue 12, round 10).

PolNeAR ships CoreNLP's analysis of each article (``<split>/corenlp/<article>.txt.xml``:
tokens with character offsets, POS, lemma, NER, and the basic dependencies).
:func:`read_parses` reads them by document text (and may keep them in a pickle outside the
checkout); :func:`alignment_check` tells how often their offsets agree with our texts.
"""

from __future__ import annotations

import pickle
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Parsed:
    """One article's CoreNLP analysis: per token, offsets and what the parse says of it."""

    begins: list[int]
    ends: list[int]
    words: list[str]
    lemmas: list[str]
    pos: list[str]
    ner: list[str]
    heads: list[int]  # index of the head token in the article, -1 for the root
    relations: list[str]


def read_corenlp(path: Path) -> Parsed:
    """Read a CoreNLP XML file: its tokens and their basic dependencies."""
    begins, ends, words, lemmas, pos, ner, heads, relations = ([] for _ in range(8))
    for sentence in ET.parse(path).getroot().iter("sentence"):
        tokens = sentence.find("tokens")
        if tokens is None:
            continue
        base = len(begins)
        count = 0
        for token in tokens.iter("token"):
            begins.append(int(token.findtext("CharacterOffsetBegin", "0")))
            ends.append(int(token.findtext("CharacterOffsetEnd", "0")))
            words.append(token.findtext("word", ""))
            lemmas.append(token.findtext("lemma", "").lower())
            pos.append(token.findtext("POS", ""))
            ner.append(token.findtext("NER", "O"))
            count += 1
        heads += [-1] * count
        relations += ["root"] * count
        for graph in sentence.iter("dependencies"):
            if graph.get("type") != "basic-dependencies":
                continue
            for dep in graph.iter("dep"):
                governor, dependent = dep.find("governor"), dep.find("dependent")
                if governor is None or dependent is None:
                    continue
                child = base + int(dependent.get("idx", "0")) - 1
                head = int(governor.get("idx", "0"))
                heads[child] = base + head - 1 if head else -1
                relations[child] = (dep.get("type") or "dep").split(":")[0]
    return Parsed(begins, ends, words, lemmas, pos, ner, heads, relations)


def read_parses(data: Path, documents: Sequence, cache: Path | None) -> dict[str, Parsed]:
    """Each document's parse by its text (where PolNeAR has one), read or from the cache."""
    if cache and (cache / "corenlp.pickle").exists():
        with (cache / "corenlp.pickle").open("rb") as stream:
            return pickle.load(stream)  # noqa: S301 - our own file, written below
    parses: dict[str, Parsed] = {}
    missing = []
    for document in documents:
        for split in ("train", "dev"):
            path = data / split / "corenlp" / f"{document.id}.txt.xml"
            if path.is_file():
                parses[document.text] = read_corenlp(path)
                break
        else:
            missing.append(document.id)
    print(f"parses: {len(parses)} read; {len(missing)} documents without one: {missing}")
    if cache:
        with (cache / "corenlp.pickle").open("wb") as stream:
            pickle.dump(parses, stream)
    return parses


def alignment_check(parses: Mapping[str, Parsed], documents: Sequence) -> None:
    """How often a CoreNLP token's offsets hold its word in our text (offsets agree)."""
    same = total = 0
    for document in documents:
        parsed = parses.get(document.text)
        if parsed is None:
            continue
        for b, e, w in zip(parsed.begins, parsed.ends, parsed.words, strict=True):
            total += 1
            same += document.text[b:e] == w
    print(f"alignment: {same}/{total} CoreNLP tokens' words at their offsets in our texts")
