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

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from annotator.core.formats import ExportContext, ExportFormat, Record, folder_only
from annotator.core.formats.archive import Member, Sink
from annotator.core.formats.hf_card import SplitSummary, dataset_card, parquet_path
from annotator.core.formats.hf_features import arrow_schema, features
from annotator.core.formats.hf_rows import RowMaker
from annotator.core.formats.left_out import DOCUMENT_NOTES, LABEL_PROVENANCE, NOTES, parts

# Rows per Parquet row group: a batch of rows is held in memory at a time.
ROWS_PER_GROUP = 1000


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
