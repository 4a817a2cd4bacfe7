"""The rows of the ``hf`` format: one per document and layer, each label and value as its
class label's number (one not in the schema left out and counted), with the counts the
dataset card states."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from annotator.core.document_targets import row_targets
from annotator.core.formats import ExportContext, Record, layers_of, meta_text
from annotator.core.label_schema import entry_names
from annotator.core.wording import CountedPhrase

UNKNOWN_VALUE = CountedPhrase(
    "label or value left out: not in the project's schema",
    "labels or values left out: not in the project's schema",
)


class RowMaker:
    """Turn export records into rows, counting the labels of each split as it goes."""

    def __init__(self, schema: dict[str, Any], context: ExportContext) -> None:
        self.context = context
        self.span_labels = _index(entry_names(schema, "span_labels"))
        self.relation_types = _index(entry_names(schema, "relation_types"))
        self.sentence_fields = {
            f["name"]: (_index(f["values"]), bool(f.get("multiple")))
            for f in schema.get("sentence_labels", [])
        }
        self.document_fields = {
            f["name"]: (_index(f["values"]), bool(f.get("multiple")))
            for f in schema.get("document_labels", [])
        }
        self.schema = schema
        #: ``(column, label or value)`` -> count, for the split being written.
        self.counts: Counter[tuple[str, str]] = Counter()
        #: How the split's gold items came about (``source.how``) -> how many.
        self.sources: Counter[str] = Counter()
        self.annotators: set[str] = set()

    def rows(self, record: Record) -> Iterator[dict[str, Any]]:
        """Yield a row per layer of ``record``."""
        sentences = record["sentences"]
        meta = meta_text(record)
        for layer in layers_of(record):
            self.annotators.add(layer["annotator"])
            row: dict[str, Any] = {
                "id": str(record["id"]),
                "annotator": layer["annotator"],
                "status": layer.get("status"),
                "title": record.get("title"),
                "meta": meta,
                "text": record["text"],
                "sentences": [{"start": s["start"], "end": s["end"]} for s in sentences],
                "spans": self._spans(layer),
                "relations": self._relations(layer),
                "label_sources": self._label_sources(layer),
            }
            by_sentence: dict[str, list[Any]] = {
                name: [None] * len(sentences) for name in self.sentence_fields
            }
            for label in layer["sentence_labels"]:
                known = self.sentence_fields.get(label["name"])
                if known is None or not 0 <= label["sentence"] < len(sentences):
                    self.context.warnings[UNKNOWN_VALUE] += 1
                    continue
                by_sentence[label["name"]][label["sentence"]] = self._encode(
                    f"sentence_{label['name']}", known, label["value"]
                )
            for name, values in by_sentence.items():
                row[f"sentence_{name}"] = values
            for name in self.document_fields:
                row[f"document_{name}"] = None
            for label in layer["document_labels"]:
                known = self.document_fields.get(label["name"])
                if known is None:
                    self.context.warnings[UNKNOWN_VALUE] += 1
                    continue
                row[f"document_{label['name']}"] = self._encode(
                    f"document_{label['name']}", known, label["value"]
                )
            for kind in ("sentence", "document"):
                for name, target in row_targets(self.schema, kind, record.get("meta")).items():
                    row[f"target_{kind}_{name}"] = target
            yield row

    def _spans(self, layer: dict[str, Any]) -> list[dict[str, Any]]:
        spans = []
        for span in layer["spans"]:
            label = self.span_labels.get(span["label"])
            if label is None:
                self.context.warnings[UNKNOWN_VALUE] += 1
                continue
            self.counts[("spans", span["label"])] += 1
            spans.append(
                {
                    "id": span["id"],
                    "start": span["start"],
                    "end": span["end"],
                    "label": label,
                    "text": span["text"],
                    "attributes": json.dumps(
                        span.get("attributes") or {}, ensure_ascii=False, sort_keys=True
                    ),
                    "suggested": _suggested(span),
                    "score": span.get("score"),
                    "model": _model_text(span.get("model")),
                    "source": self._source(span),
                }
            )
        return spans

    def _relations(self, layer: dict[str, Any]) -> list[dict[str, Any]]:
        relations = []
        for relation in layer["relations"]:
            kind = self.relation_types.get(relation["type"])
            if kind is None:
                self.context.warnings[UNKNOWN_VALUE] += 1
                continue
            self.counts[("relations", relation["type"])] += 1
            relations.append(
                {
                    "id": relation["id"],
                    "type": kind,
                    "from": relation["from"],
                    "to": relation["to"],
                    "suggested": _suggested(relation),
                    "source": self._source(relation),
                }
            )
        return relations

    def _label_sources(self, layer: dict[str, Any]) -> list[dict[str, Any]]:
        found = []
        for part in ("sentence_labels", "document_labels"):
            for label in layer[part]:
                if label.get("source") is not None:
                    source = self._source(label)
                    found.append(
                        {
                            "field": label["name"],
                            "sentence": label.get("sentence"),
                            "source": source,
                        }
                    )
        return found

    def _source(self, item: dict[str, Any]) -> dict[str, Any] | None:
        """Return a gold item's ``source`` (None outside gold), counting how it came about."""
        source = item.get("source")
        if source is not None:
            self.sources[str(source.get("how"))] += 1
        return source

    def _encode(self, column: str, known: tuple[dict[str, int], bool], value: Any) -> Any:
        index, multiple = known
        values = value if isinstance(value, list) else [value]
        codes = []
        for item in values:
            if item is None:
                continue
            code = index.get(item)
            if code is None:
                self.context.warnings[UNKNOWN_VALUE] += 1
                continue
            self.counts[(column, str(item))] += 1
            codes.append(code)
        if multiple:
            return codes
        return codes[0] if codes else None


def _suggested(item: dict[str, Any]) -> dict[str, Any] | None:
    """Return an accepted span's or relation's ``suggested`` as the column holds it, or None."""
    found = item.get("suggested")
    if found is None:
        return None
    return {"model": _model_text(found["model"]), "score": found["score"]}


def _model_text(model: int | str | None) -> str | None:
    """Return a model's version or ``rules`` as text: the ``model`` columns are strings."""
    return None if model is None else str(model)


def _index(names: Iterable[str]) -> dict[str, int]:
    return {name: i for i, name in enumerate(names)}
