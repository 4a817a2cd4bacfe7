// Which crowded lines are shown open ("fold N links"): the annotator's choice, kept until
// they fold the line again. Kept by the relations drawn on the line (any of them, not only
// the ones it folds: a new link on the line, or a restacking that moves others past the
// eighth level, leaves it open), each known by its server id once it has one, so that the
// layer read again (a refused write: every relation gets a new key in the page) leaves the
// line open too; and by row, so that a relation with halves on two crowded lines opens the
// one asked. The rules of the fold itself: arc-geometry.js stack().

export class OpenLines {
  constructor(store) {
    this.store = store;
    this.names = new Set(); // `${row}|${key}` and, for a saved relation, `${row}|#${id}`
  }

  // What stack() asks for row i: whether relation `key` is on an open line.
  of(i) {
    return { has: (key) => this.namesOf(i, key).some((name) => this.names.has(name)) };
  }

  // The line of row i whose relations are `keys` is open: remembered by each of them, and by
  // any relation drawn there since (a new link, one just saved with its id).
  open(i, keys) {
    for (const key of keys) for (const name of this.namesOf(i, key)) this.names.add(name);
  }

  close(i, keys) {
    for (const key of keys) for (const name of this.namesOf(i, key)) this.names.delete(name);
  }

  namesOf(i, key) {
    const relation = this.store.relations.get(key);
    const id = relation && relation.id;
    return id == null ? [`${i}|${key}`] : [`${i}|${key}`, `${i}|#${id}`];
  }
}
