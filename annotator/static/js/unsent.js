// Writes the server has not yet answered, kept in the browser's localStorage so that a tab
// closed (or crashed) while the connection was down loses nothing: the next time the same
// user opens the same document (and layer), they are sent before the layer is read.
//
// Only a write whose request is known can be kept: the one on its way, and each queued
// behind it that can be built now. A write that needs the id of a span or link an earlier
// kept write makes (a link to a span made offline, the removal of a link made offline) is
// kept naming it by a token, filled in with the id that write's answer brings when they are
// sent again; if that write is refused, so is this one, saying why. A write that waits on an
// answer to know whether to go at all (the undo of a removal) ends the list, and so does a
// second change to one span or link (it would name the version the first change makes).
// Each keeps its Idempotency-Key: a write that did land before the tab closed is answered
// from the server's record, not made twice.

// The server keeps an Idempotency-Key's answer a day: older writes are not replayed, as a
// replay could then be applied a second time. Each write's age counts from its own first
// time (`at`, when it was queued: no later than its first send), not from the last time the
// list was saved, which a write still retrying after a 503 would otherwise renew for ever.
const KEPT_MS = 23 * 60 * 60 * 1000;

export function unsentKey({ user, api, documentId, writeLayer }) {
  return `annotator:unsent:${user}:${api}:${documentId}:${writeLayer || ""}`;
}

// The write's row path without its query (`/spans/12?version=3` -> `/spans/12`), for a PATCH
// or DELETE of a span or link; null for any other write.
function rowChanged(method, path) {
  if (method !== "PATCH" && method !== "DELETE") return null;
  return /^\/(spans|relations)\/(\d+|@@\w+@@)/.exec(path)?.[0] ?? null;
}

// The page's keys of the spans and links that the writes kept so far make, while
// keptRequests builds the writes behind them (null otherwise: a write sent now has its ids).
let making = null;

// The token that stands for the id of the span or link `key` (its key on the page) in a kept
// write, when an earlier kept write makes it; null when none does (the id is needed now).
export function idToCome(key) {
  return making && making.has(key) ? `@@${key}@@` : null;
}

const TOKEN = /@@(\w+)@@/g;

// The body fields that name a span by its id: a link's ends. Only they (and the path) can
// hold a token; any other field (a note) is the user's text, sent as written.
const ID_FIELDS = new Set(["from", "to"]);

// `request` with each page key it names (`makes`, and its tokens) given `prefix`: the keys
// of writes kept by two pages, each its own ("s1" on both), told apart in one list.
export function withKeysPrefixed(request, prefix) {
  const named = (text) => text.replace(TOKEN, (token, key) => `@@${prefix}${key}@@`);
  let body = request.body;
  if (body && typeof body === "object") {
    body = Object.fromEntries(Object.entries(body).map(([name, value]) => [name,
      ID_FIELDS.has(name) && typeof value === "string" && /^@@\w+@@$/.test(value) ? named(value) : value]));
  }
  return { ...request, path: named(request.path), body, ...(request.makes ? { makes: prefix + request.makes } : {}) };
}

// `request` with the tokens whose ids `ids` knows filled in; `whole`: none may be left
// (null then, when one is). A token is a link's end (ID_FIELDS) or part of a path.
function filled(request, ids, whole) {
  let missing = false;
  const fill = (text) => text.replace(TOKEN, (token, key) => {
    if (ids.has(key)) return String(ids.get(key));
    missing = true;
    return token;
  });
  const path = fill(request.path);
  let body = request.body;
  if (body && typeof body === "object") {
    body = Object.fromEntries(Object.entries(body).map(([name, value]) => {
      const exact = ID_FIELDS.has(name) && typeof value === "string" ? /^@@(\w+)@@$/.exec(value) : null;
      if (!exact) return [name, value];
      if (ids.has(exact[1])) return [name, ids.get(exact[1])];
      missing = true;
      return [name, value];
    }));
  }
  if (missing && whole) return null;
  return { ...request, path, body };
}

// The requests of `jobs` (api.js's queue, the one on its way first) that can be kept, in
// order: [{ method, path, body, key, at, makes }] (`at`: when the write was queued; `makes`:
// the page's key of the span or link its answer's id belongs to, for the writes after it
// that name it).
export function keptRequests(jobs) {
  const kept = [];
  const rows = new Set();
  making = new Set();
  try {
    for (const job of jobs) {
      let request = job.request;
      if (!request) {
        try {
          request = job.build();
        } catch {
          break; // it needs an id that no write before it brings back
        }
      }
      if (!request) break; // it waits on an earlier answer to know whether to go at all
      const [method, path, body] = request;
      const row = rowChanged(method, path);
      if (row && rows.has(row)) break;
      if (row) rows.add(row);
      kept.push({ method, path, body: body === undefined ? null : body, key: job.key,
        at: job.at ?? Date.now(), ...(job.makes ? { makes: job.makes } : {}) });
      if (job.makes) making.add(job.makes);
    }
  } finally {
    making = null;
  }
  return kept;
}

export function keep(storageKey, requests) {
  try {
    if (requests.length) localStorage.setItem(storageKey, JSON.stringify({ requests }));
    else localStorage.removeItem(storageKey);
  } catch {
    // Storage full or refused (a private window): the page still warns before it is closed.
  }
}

// The writes kept for `storageKey`, but those older than the server keeps their keys (a
// write naming a span one of those makes is then refused, saying so, as it is sent).
export function readKept(storageKey) {
  try {
    const kept = JSON.parse(localStorage.getItem(storageKey) || "null");
    if (!kept || !Array.isArray(kept.requests)) return [];
    // A list kept before writes had their own time has one for all (`kept.at`).
    const dated = kept.requests.map((r) => ({ ...r, at: r.at ?? kept.at }));
    const young = dated.filter((r) => Date.now() - r.at < KEPT_MS);
    if (young.length < dated.length) keep(storageKey, young);
    return young;
  } catch {
    return [];
  }
}

// A refusal that leaves the server as the write wanted it: the span is there already (409
// naming it), or the label already holds the value sent (409 label_changed naming it).
function landedAnyway(request, error) {
  const details = error.details || {};
  if (error.status !== 409) return false;
  if (details.span != null && request.method === "POST") return true;
  if (details.reason === "label_changed" && request.body) {
    return JSON.stringify(details.value ?? null) === JSON.stringify(request.body.value ?? null);
  }
  return false;
}

// Send `requests` (kept writes, as readKept gives them), in order, through `api` (api.js's
// Api); `save(rest)` is told the writes still to go after each one (with the ids known so far
// filled in), to keep them. Returns { saved, refused: [message], left, sessionGone, error }:
// `left` writes could not be sent, the connection still down or the login session gone
// (`sessionGone`; `error` says why). A refused write is said and dropped: what it would
// change was changed elsewhere meanwhile, or is no longer allowed.
export async function sendRequests(api, requests, ApiError, save) {
  const result = { saved: 0, refused: [], left: 0, sessionGone: false };
  // A kept write's `makes` -> the id its answer gave. A token names the latest write before
  // it that makes its key: the list can hold the writes of more than one visit (api.js keeps
  // this visit's behind those still unsent from before), and a page's keys ("s1") are only
  // its own, so one key can be made twice in a list.
  const ids = new Map();
  // Kept again with the ids known so far filled in: the writes that made them have gone.
  const keepFrom = (n) => {
    const known = new Map(ids);
    save(requests.slice(n).map((r) => {
      const kept = filled(r, known, false);
      if (r.makes) known.delete(r.makes); // the tokens after it name this one, still to come
      return kept;
    }));
  };
  for (let n = 0; n < requests.length; n += 1) {
    const request = filled(requests[n], ids, true);
    if (requests[n].makes) ids.delete(requests[n].makes); // an earlier visit's id is not this one's
    if (!request) {
      result.refused.push("a change naming a span or link made then, which was itself not saved");
      keepFrom(n + 1);
      continue;
    }
    try {
      const answer = await api.request(request.method, request.path, request.body ?? undefined, { key: request.key });
      if (request.makes && answer && answer.id != null) ids.set(request.makes, answer.id);
      result.saved += 1;
    } catch (error) {
      const transient = !(error instanceof ApiError) || error.status >= 500 || error.status === 429;
      // Logged out meanwhile: kept, to go once the user has logged in again.
      if (transient || error.sessionGone) {
        keepFrom(n);
        result.left = requests.length - n;
        result.sessionGone = !transient;
        result.error = error;
        return result;
      }
      if (landedAnyway(request, error)) {
        // The span was there already: the writes naming it name that one.
        if (request.makes && error.details?.span != null) ids.set(request.makes, error.details.span);
        result.saved += 1;
      } else result.refused.push(error.message);
    }
    keepFrom(n + 1);
  }
  return result;
}

// Send the writes kept for `storageKey` (sendRequests), keeping those still to go there.
export function sendKept(api, storageKey, ApiError) {
  return sendRequests(api, readKept(storageKey), ApiError, (rest) => keep(storageKey, rest));
}
