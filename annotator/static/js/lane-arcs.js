// The curation view's lanes draw their relations as arcs, with the workspace's ArcLayer
// (arcs.js): one layer per lane, over that lane's row of each shown sentence, its spans and
// relations held in a Store (state.js) as the workspace holds its own layer.
//
// The page gives the data as JSON (services/review/lane_arcs.py): the text and sentences, and
// per lane the relations with an end in a shown sentence and the spans at their ends, in code
// points, as lists ([start, end], [id, start, end], [id, type, from, to]); each mark in a
// lane's text names the spans covering it (data-spans).

import { ArcLayer } from "./arcs.js";
import { Store } from "./state.js";

// Draw the arcs of every lane; `decorate(g, relation)` marks an arc as it is drawn, and
// `flag(relation)` gives the mark its label shows after the type (ArcLayer's options).
export function drawLaneArcs(root, data, decorate, flag) {
  const container = root.querySelector(".curation__text");
  const layers = [];
  const sentences = data.sentences.map(([start, end], index) => ({ index, start, end }));
  for (const [name, lane] of Object.entries(data.lanes)) {
    const store = new Store({ text: data.text, sentences }, { span_labels: [] });
    store.load({
      spans: lane.spans.map(([id, start, end]) => ({ id, start, end })),
      relations: lane.relations.map(([id, type, from, to]) => ({ id, type, from, to })),
      sentence_labels: [],
      document_labels: [],
    });
    const view = { container, rows: [], segSpans: new WeakMap() };
    for (const row of container.querySelectorAll(".cur-lane[data-sentence]")) {
      if (row.dataset.lane !== name) continue;
      view.rows[Number(row.dataset.sentence)] = row;
      for (const mark of row.querySelectorAll(".cur-span[data-spans]")) {
        const keys = mark.dataset.spans.split(" ").map((id) => store.byId.get(Number(id)));
        view.segSpans.set(mark, keys.filter(Boolean).map((key) => ({ key })));
      }
    }
    const arcs = new ArcLayer(view, store, root, { blocks: ".cur-sentence", decorate, flag });
    arcs.reset();
    layers.push(arcs);
  }
  return layers;
}
