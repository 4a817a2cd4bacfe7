"""Scoring the sentence splitter against gold data: shared by its tests and its benchmark."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from annotator.core.segmentation import split_sentences

DATA = Path(__file__).parent / "data"
Doc = tuple[str, list[tuple[int, int]]]


def load_seeds(data: Path = DATA) -> list[dict[str, Any]]:
    """Return the seed articles with their hand-checked sentences."""
    docs: list[dict[str, Any]] = json.loads((data / "seeds_gold.json").read_text("utf-8"))["docs"]
    return docs


def load_pud(data: Path = DATA) -> list[Doc]:
    """Return the UD English PUD paragraphs with their gold sentence offsets."""
    with (data / "ud_pud_docs.jsonl").open(encoding="utf-8") as f:
        records = [json.loads(line) for line in f]
    return [(r["text"], [(s, e) for s, e in r["sentences"]]) for r in records]


def load_golden(data: Path = DATA) -> list[dict[str, Any]]:
    """Return the pySBD golden-rule cases."""
    cases: list[dict[str, Any]] = json.loads((data / "golden_rules_en.json").read_text("utf-8"))[
        "cases"
    ]
    return cases


def load_conllu(path: Path) -> list[tuple[str, str, list[tuple[int, int]]]]:
    """Return the documents of a Universal Dependencies ``.conllu`` file as
    ``(document id, text, gold sentence offsets)``.

    The text is rebuilt from each sentence's ``# text`` line: the sentences of a
    paragraph (``# newpar``) joined by a space, paragraphs by a blank line, as
    the treebank's source text had them. Treebanks that mark no paragraphs give
    one paragraph per document; a file without ``# newdoc`` is one document.
    """
    docs: list[tuple[str, str, list[tuple[int, int]]]] = []
    doc_id, paragraphs = path.stem, []  # type: tuple[str, list[list[str]]]

    def flush() -> None:
        text, gold = "", []
        for paragraph in filter(None, paragraphs):
            text += "\n\n" if text else ""
            for i, sentence in enumerate(paragraph):
                text += " " if i else ""
                gold.append((len(text), len(text) + len(sentence)))
                text += sentence
        if gold:
            docs.append((doc_id, text, gold))

    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("# newdoc"):
                flush()
                doc_id = line.partition("=")[2].strip() or f"{path.stem}-{len(docs)}"
                paragraphs = []
            elif line.startswith(("# newpar ", "# newpar\n")) or line.rstrip() == "# newpar":
                paragraphs.append([])
            elif line.startswith("# text = "):
                if not paragraphs:
                    paragraphs.append([])
                paragraphs[-1].append(line[len("# text = ") :].strip())
    flush()
    return docs


def boundary_prf(docs: list[Doc]) -> tuple[float, float, float]:
    """Return boundary precision, recall and F1 of the splitter over ``docs``."""
    tp = fp = fn = 0
    for text, gold in docs:
        expected = {start for start, _ in gold}
        found = {start for start, _ in split_sentences(text)}
        tp += len(expected & found)
        fp += len(found - expected)
        fn += len(expected - found)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def wrap_in_place(text: str, width: int) -> str:
    """Hard-wrap ``text`` at ``width`` columns by turning spaces into line breaks, so that
    every offset stays the same.
    """
    chars = list(text)
    line_start, last_space = 0, -1
    for i, char in enumerate(text):
        if char == "\n":
            line_start, last_space = i + 1, -1
        elif char == " ":
            last_space = i
        if i - line_start >= width and last_space > line_start:
            chars[last_space] = "\n"
            line_start = last_space + 1
    return "".join(chars)
