"""The ``hf`` format: a Hugging Face dataset folder (needs the optional ``hf`` extra, pyarrow).

``data/<split>-00000-of-00001.parquet`` per split and a dataset card ``README.md`` whose YAML
front matter names the files of each split (``configs``) and their typed features
(``dataset_info``), so that ``datasets.load_dataset(FOLDER)`` and
``load_dataset("parquet", data_dir=FOLDER)`` both load it. The Parquet files carry the same
features in their ``huggingface`` schema metadata, which is where ``datasets`` finds them
when it reads the files alone.

One row per document and layer (an annotator's, or gold): ``id``, ``annotator``, ``status``,
``title``, ``meta`` (JSON text), ``text``, ``sentences`` (start and end), ``spans`` (id, start,
end, label as a class label, text, attributes as JSON text, and where it came from: see
below), ``relations`` (id, type as a class label, from and to span ids, ``suggested``), then
a column per label field: ``sentence_<field>`` holds one class label per sentence (null where
unlabelled; a list of them for a ``multiple`` field) and ``document_<field>`` the document's
class label (a list for ``multiple``). Class labels are numbered in the schema's order.
A field that takes each document's target from its meta (``target_from``) has that target
beside its values, as text (null: none): ``target_sentence_<field>`` and
``target_document_<field>``, so that a model can be trained on (text, target, stance); a field
with one target for all says it in the card and the header alone.
Offsets count code points, as everywhere (CONTRACT 1).

A span or relation accepted from a suggestion has ``suggested``, ``{model, score}`` (CONTRACT
11), null otherwise; the suggestions layer's spans have their own ``score`` and ``model``
beside their other fields, as ``jsonl`` writes them, null in the other layers. These columns
are in every dataset, with or without suggestions, so that its splits share one schema.
A gold span or relation has its ``source`` (how it was decided, over how many annotators, who
gave exactly it: :mod:`annotator.core.gold_source`), null in the other layers; a gold label
value's source is in ``label_sources`` (its field, its sentence or null for the document's,
its source), since a label column holds class labels alone. The card counts gold items by how
they came about.
The notes of spans and relations and the annotators' notes on the document have no column:
the export warns of them, counted.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from annotator.core.document_targets import per_document_fields, row_targets
from annotator.core.formats import ExportContext, ExportFormat, Record, folder_only, layers_of
from annotator.core.formats.archive import Member, Sink
from annotator.core.formats.hf_card import SplitSummary, dataset_card, parquet_path
from annotator.core.formats.left_out import DOCUMENT_NOTES, LABEL_PROVENANCE, NOTES, parts
from annotator.core.label_schema import entry_names
from annotator.core.wording import CountedPhrase

UNKNOWN_VALUE = CountedPhrase(
    "label or value left out: not in the project's schema",
    "labels or values left out: not in the project's schema",
)
# Rows per Parquet row group: a batch of rows is held in memory at a time.
ROWS_PER_GROUP = 1000


def _class_label(names: Sequence[str]) -> dict[str, Any]:
    return {"names": list(names), "_type": "ClassLabel"}


def _value(dtype: str) -> dict[str, Any]:
    return {"dtype": dtype, "_type": "Value"}


def _list(feature: Any) -> dict[str, Any]:
    return {"feature": feature, "_type": "List"}


#: Where an accepted span or relation came from (CONTRACT 11): null for one made by hand.
#: A model is a trained model's version (a number in ``jsonl``) or ``rules``: one Arrow
#: column holds one type, so both are text here, ``"7"`` or ``"rules"``.
SUGGESTED = {"model": _value("string"), "score": _value("float64")}
#: Where a gold item came from (:mod:`annotator.core.gold_source`): how it was decided, over
#: how many annotators a quorum was counted, and who gave exactly it; null outside gold.
SOURCE = {
    "how": _value("string"),
    "of": _value("int32"),
    "annotators": _list(_value("string")),
}


def features(schema: dict[str, Any]) -> dict[str, Any]:
    """Return the dataset's features as ``datasets.Features.to_dict()`` writes them."""
    columns: dict[str, Any] = {
        "id": _value("string"),
        "annotator": _value("string"),
        "status": _value("string"),
        "title": _value("string"),
        "meta": _value("string"),
        "text": _value("string"),
        "sentences": _list({"start": _value("int32"), "end": _value("int32")}),
        "spans": _list(
            {
                "id": _value("int64"),
                "start": _value("int32"),
                "end": _value("int32"),
                "label": _class_label(entry_names(schema, "span_labels")),
                "text": _value("string"),
                "attributes": _value("string"),
                "suggested": SUGGESTED,
                # The suggestions layer's spans are suggestions themselves: as in ``jsonl``,
                # their own score and model, inline (null in every other layer).
                "score": _value("float64"),
                "model": _value("string"),
                "source": SOURCE,
            }
        ),
        "relations": _list(
            {
                "id": _value("int64"),
                "type": _class_label(entry_names(schema, "relation_types")),
                "from": _value("int64"),
                "to": _value("int64"),
                "suggested": SUGGESTED,
                "source": SOURCE,
            }
        ),
        # A gold label value's source, by its field and sentence (null: the document's): a
        # label column holds class labels alone. Empty outside gold.
        "label_sources": _list(
            {"field": _value("string"), "sentence": _value("int32"), "source": SOURCE}
        ),
    }
    for entry in schema.get("sentence_labels", []):
        label = _class_label(entry["values"])
        columns[f"sentence_{entry['name']}"] = _list(
            _list(label) if entry.get("multiple") else label
        )
    for entry in schema.get("document_labels", []):
        label = _class_label(entry["values"])
        columns[f"document_{entry['name']}"] = _list(label) if entry.get("multiple") else label
    for kind in ("sentence", "document"):
        for entry in per_document_fields(schema, kind):
            columns[f"target_{kind}_{entry['name']}"] = _value("string")
    return columns


def _arrow_type(pa: Any, feature: dict[str, Any]) -> Any:
    kind = feature.get("_type")
    if kind == "ClassLabel":
        return pa.int64()
    if kind == "Value":
        return {
            "string": pa.string(),
            "int32": pa.int32(),
            "int64": pa.int64(),
            "float64": pa.float64(),
        }[feature["dtype"]]
    if kind == "List":
        return pa.list_(_arrow_type(pa, feature["feature"]))
    return pa.struct([pa.field(name, _arrow_type(pa, sub)) for name, sub in feature.items()])


def arrow_schema(pa: Any, columns: dict[str, Any]) -> Any:
    """Return the Parquet files' schema, with the features ``datasets`` reads back."""
    metadata = {"huggingface": json.dumps({"info": {"features": columns}})}
    return pa.schema(
        [pa.field(name, _arrow_type(pa, feature)) for name, feature in columns.items()],
        metadata=metadata,
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
        meta = json.dumps(record.get("meta") or {}, ensure_ascii=False, sort_keys=True)
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


def parquet_chunks(
    records: Iterable[Record], maker: RowMaker, schema: Any, summary: SplitSummary
) -> Iterator[bytes]:
    """Yield a Parquet file of the rows of ``records``, a row group at a time.

    ``summary`` is filled in as the rows are written: documents, rows and label counts.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    maker.counts, maker.sources = summary.labels, summary.sources
    sink = Sink()
    writer = pq.ParquetWriter(sink, schema, compression="zstd")
    batch: list[dict[str, Any]] = []
    for record in records:
        summary.documents += 1
        batch.extend(maker.rows(record))
        if len(batch) >= ROWS_PER_GROUP:
            _write_group(pa, writer, batch, schema, summary)
            batch.clear()
            yield sink.drain()
    if batch:
        _write_group(pa, writer, batch, schema, summary)
    # An empty split still gets a file: the schema and no row group.
    writer.close()
    yield sink.drain()


def _write_group(
    pa: Any, writer: Any, rows: list[dict[str, Any]], schema: Any, summary: SplitSummary
) -> None:
    table = pa.Table.from_pylist(rows, schema=schema)
    writer.write_table(table)
    summary.rows += len(rows)
    summary.num_bytes += table.nbytes


def write_folder(
    splits: Sequence[tuple[str, Iterable[Record]]], context: ExportContext
) -> Iterator[Member]:
    """Yield the folder's files: a Parquet file per split, then the dataset card."""
    import pyarrow as pa

    columns = features(context.schema)
    schema = arrow_schema(pa, columns)
    maker = RowMaker(context.schema, context)
    written: dict[str, SplitSummary] = {}
    for name, records in splits:
        summary = written[name] = SplitSummary()
        yield parquet_path(name), parquet_chunks(records, maker, schema, summary)
    card = dataset_card(context, columns, written, sorted(maker.annotators))
    yield "README.md", [card.encode("utf-8")]


FORMAT = ExportFormat(
    name="hf",
    extension="zip",
    mimetype="application/zip",
    description="Hugging Face dataset: Parquet per split and a dataset card (a zip of the folder)",
    writer=folder_only,
    requires="pyarrow",
    extra="hf",
    folder_writer=write_folder,
    # The spans' and relations' notes: an annotator's remarks, not a feature to train on,
    # and no column of the dataset holds them (jsonl and the project file do).
    # A label column holds class labels alone: where an accepted value came from is warned of.
    left_out=lambda layer, schema: parts(layer, NOTES, DOCUMENT_NOTES, LABEL_PROVENANCE),
)
