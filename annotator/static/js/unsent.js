// Writes the server has not yet answered, kept in the browser's localStorage so that a tab
// closed (or crashed) while the connection was down loses nothing: the next time the same
// user opens the same document (and layer), they are sent before the layer is read.
//
// Only a write whose request is known can be kept: the one on its way, and each queued
// behind it that can be built now. A write that needs an answer not yet come (a link to a
// span made offline needs the span's id; the undo of a removal waits to learn whether the
// removal landed) ends the list, and so does a second change to one span or link (it would
// name the version the first change makes). Each keeps its Idempotency-Key: a write that did
// land before the tab closed is answered from the server's record, not made twice.

// The server keeps an Idempotency-Key's answer a day: older writes are not replayed, as a
// replay could then be applied a second time.
const KEPT_MS = 23 * 60 * 60 * 1000;

export function unsentKey({ user, api, documentId, writeLayer }) {
  return `annotator:unsent:${user}:${api}:${documentId}:${writeLayer || ""}`;
}

// The write's row path without its query (`/spans/12?version=3` -> `/spans/12`), for a PATCH
// or DELETE of a span or link; null for any other write.
function rowChanged(method, path) {
  if (method !== "PATCH" && method !== "DELETE") return null;
  return /^\/(spans|relations)\/\d+/.exec(path)?.[0] ?? null;
}

// The requests of `jobs` (api.js's queue, the one on its way first) that can be kept, in
// order: [{ method, path, body, key }].
export function keptRequests(jobs) {
  const kept = [];
  const rows = new Set();
  for (const job of jobs) {
    let request = job.request;
    if (!request) {
      try {
        request = job.build();
      } catch {
        break; // it needs an id an earlier write has not brought back yet
      }
    }
    if (!request) break; // it waits on an earlier answer to know whether to go at all
    const [method, path, body] = request;
    const row = rowChanged(method, path);
    if (row && rows.has(row)) break;
    if (row) rows.add(row);
    kept.push({ method, path, body: body === undefined ? null : body, key: job.key });
  }
  return kept;
}

export function keep(storageKey, requests) {
  try {
    if (requests.length) localStorage.setItem(storageKey, JSON.stringify({ at: Date.now(), requests }));
    else localStorage.removeItem(storageKey);
  } catch {
    // Storage full or refused (a private window): the page still warns before it is closed.
  }
}

// The writes kept for `storageKey` (none when older than the server keeps their keys).
export function readKept(storageKey) {
  try {
    const kept = JSON.parse(localStorage.getItem(storageKey) || "null");
    if (!kept || !Array.isArray(kept.requests)) return [];
    if (!(Date.now() - kept.at < KEPT_MS)) {
      localStorage.removeItem(storageKey);
      return [];
    }
    return kept.requests;
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

// Send the writes kept for `storageKey`, in order, through `api` (api.js's Api). Returns
// { saved, refused: [message], left }: `left` writes could not be sent (the connection is
// still down, or the login session is gone) and stay kept for the next time. A refused write is said and dropped: what it
// would change was changed elsewhere meanwhile, or is no longer allowed.
export async function sendKept(api, storageKey, ApiError) {
  const requests = readKept(storageKey);
  const result = { saved: 0, refused: [], left: 0 };
  for (let n = 0; n < requests.length; n += 1) {
    const request = requests[n];
    try {
      await api.request(request.method, request.path, request.body ?? undefined, { key: request.key });
      result.saved += 1;
    } catch (error) {
      const transient = !(error instanceof ApiError) || error.status >= 500 || error.status === 429;
      // Logged out meanwhile: kept, to go once the user has logged in again.
      if (transient || error.sessionGone) {
        keep(storageKey, requests.slice(n));
        result.left = requests.length - n;
        return result;
      }
      if (landedAnyway(request, error)) result.saved += 1;
      else result.refused.push(error.message);
    }
    keep(storageKey, requests.slice(n + 1));
  }
  return result;
}
