// Whose kept writes are whose: each page (tab) keeps its unsent writes (unsent.js) under a
// storage key of its own, the document's key and the page's id, and a page opening takes
// over the lists of the pages gone.
//
// One list per document, written whole by every page, lost work: two tabs on one document
// and layer, both offline, each kept its own writes over the other's. Keeping one list by
// reading, changing and writing it back on every change (with a storage event listener) is
// still a race: localStorage has no lock between tabs, and a write between another tab's
// read and write is lost all the same. A key per page has no such race: a page writes only
// its own key, and a list is only ever taken from a page that is gone. Which pages are gone
// is known from the Web Locks each page holds on its key while it is open; where the browser
// has none (a page not served over https or from localhost), every other list is taken: the
// page it belongs to may then send those writes too, and each write's Idempotency-Key makes
// the second sending answered from the server's record, not made twice.

import { keep, readKept, withKeysPrefixed } from "./unsent.js";

// How long a page opening waits, once, for a list's page to let go of its lock: the page it
// replaces (a reload) can still hold it as the new page starts.
const LETTING_GO_MS = 300;

function newId() {
  if (globalThis.crypto && crypto.randomUUID) return crypto.randomUUID();
  return `${Date.now()}-${Math.random().toString(16).slice(2)}`;
}

// The storage key of this page's kept writes, under the document's key (unsent.js unsentKey).
export function tabKey(documentKey) {
  return `${documentKey}:${newId()}`;
}

// Hold the lock named by this page's key until the page goes: a page opening meanwhile
// leaves its writes to it.
export function holdKey(key) {
  if (!navigator.locks) return;
  navigator.locks.request(key, () => new Promise(() => {})).catch(() => {});
}

async function heldKeys() {
  if (!navigator.locks) return new Set();
  try {
    const { held } = await navigator.locks.query();
    return new Set(held.map((lock) => lock.name));
  } catch {
    return new Set();
  }
}

// The keys of the lists kept for the document: each page's, and the one list a page kept
// before lists were per page (the document's key itself).
function documentKeys(documentKey) {
  const keys = [];
  try {
    for (let n = 0; n < localStorage.length; n += 1) {
      const key = localStorage.key(n);
      if (key === documentKey || key.startsWith(`${documentKey}:`)) keys.push(key);
    }
  } catch {
    // storage refused: nothing was kept
  }
  return keys;
}

// One list of the writes of `lists` (each in its page's order), oldest first across them: a
// later write on a span or label goes after an earlier one, whichever page made it.
function merged(lists) {
  if (lists.length === 1) return lists[0];
  const named = lists.map((list, n) => list.map((r) => withKeysPrefixed(r, `t${n}_`)));
  const next = named.map(() => 0);
  const out = [];
  for (;;) {
    let pick = -1;
    named.forEach((list, n) => {
      if (next[n] >= list.length) return;
      if (pick < 0 || list[next[n]].at < named[pick][next[pick]].at) pick = n;
    });
    if (pick < 0) return out;
    out.push(named[pick][next[pick]]);
    next[pick] += 1;
  }
}

// Take the lists of the pages gone into this page's `own` key (empty: the page is new), in
// time order. Kept there first and then taken out of theirs: a page closed in between
// leaves writes kept twice (answered once, by their Idempotency-Key), never none.
export async function takeKept(documentKey, own) {
  const take = async () => {
    const stored = documentKeys(documentKey).filter((key) => key !== own);
    if (!stored.length) return;
    let held = await heldKeys();
    if (stored.some((key) => held.has(key))) {
      await new Promise((resolve) => { setTimeout(resolve, LETTING_GO_MS); });
      held = await heldKeys();
    }
    const gone = stored.filter((key) => !held.has(key));
    const lists = gone.map(readKept).filter((list) => list.length);
    if (lists.length) keep(own, merged(lists));
    for (const key of gone) {
      try { localStorage.removeItem(key); } catch { /* storage refused */ }
    }
  };
  // Two pages opening at once take each list once between them.
  if (navigator.locks) await navigator.locks.request(`${documentKey}:taking`, take);
  else await take();
}
