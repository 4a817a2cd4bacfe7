// Talking to /api/v1: reads, and one queue of writes that saves in order and retries safely.
//
// Every write carries an Idempotency-Key made once per action, so a retry after a lost
// answer gets the first answer back instead of creating a second row. While the connection
// is down, the writes not yet answered are also kept in localStorage (unsent.js), so that
// closing the tab meanwhile loses none of them.

import { keep, keptRequests, sendRequests } from "./unsent.js";

// The span or link a write was to ("span", "link"), or null: what the page calls it.
function rowOf(method, path) {
  if (method === "GET") return null;
  const row = /^\/(spans|relations)\/\d+(?:[/?]|$)/.exec(path || "");
  return row ? { spans: "span", relations: "link" }[row[1]] : null;
}

// The page's words for a refusal. A login session that is gone: the server's ("log in or
// send 'Authorization: Bearer TOKEN'", "CSRF check failed") are for API clients and say
// nothing of what to do on the page. A write's 404 on a span or a link names the row ("no span
// 271"), and a stale one's 409 its id and versions: ids the page never shows. Said as what
// happened: the row was removed, or changed, elsewhere since the page read it (another tab,
// or a reviewer).
function pageMessage(status, error, row) {
  if (status === 401) return "you are logged out: log in again (the button at the top)";
  if (error.code === "csrf_failed") return "you logged in again since this page was opened: reload it";
  if (row && status === 404) return `this ${row} was removed elsewhere (another tab, or a reviewer)`;
  if (row && status === 409 && error.details && "version" in error.details) {
    return `this ${row} was changed elsewhere (another tab, or a reviewer)`;
  }
  if (status === 409 && error.details?.reason === "label_changed") return labelChanged(error.details);
  return error.message || `HTTP ${status}`;
}

// A label value set elsewhere since the page read it: the API names the sentence by its index
// from 0 (as its bodies do); the page numbers sentences from 1, as everywhere on it.
function labelChanged({ sentence, name, value }) {
  const where = sentence == null ? "the document" : `sentence ${sentence + 1}`;
  const none = value == null || (Array.isArray(value) && !value.length);
  const now = none ? "no value" : Array.isArray(value) ? value.join(", ") : value;
  return `'${name}' on ${where} was changed elsewhere (another tab, or a reviewer): it is now ${now}`;
}

export class ApiError extends Error {
  // `method` and `path`: the request refused, which a 404's words name the row of.
  // `sent`: the request's body, so that a refusal can name what it refused ("Not marked done").
  constructor(status, body, { method = "GET", path = "", sent = null } = {}) {
    const error = (body && body.error) || {};
    const row = rowOf(method, path);
    super(pageMessage(status, error, row));
    this.status = status;
    this.method = method;
    this.path = path;
    this.sent = sent;
    this.code = error.code || "";
    this.details = error.details;
    // "span" or "link" when the write's row was removed elsewhere (404); else null.
    this.gone = status === 404 ? row : null;
  }

  // A stale version refused (409 naming the version stored): the row changed elsewhere since
  // the page read it. Not a layer marked done (409 layer_done), which names no version.
  get stale() {
    return this.status === 409 && Boolean(this.details) && "version" in this.details;
  }

  // The page's login session ended (401) or was replaced by a new login (its CSRF token is
  // out of date): no write from this page can succeed until the user logs in or reloads.
  get sessionGone() {
    return this.status === 401 || this.code === "csrf_failed";
  }
}

function newKey() {
  if (globalThis.crypto && crypto.randomUUID) return crypto.randomUUID();
  return `${Date.now()}-${Math.random().toString(16).slice(2)}`;
}

export class Api {
  // `unsentKey`: where the writes not yet answered are kept while the connection is down
  // (unsent.js); none: not kept.
  constructor({ root, csrf, writeLayer, unsentKey = null }) {
    this.root = root;
    this.unsentKey = unsentKey;
    this.current = null; // the write on its way (its `request` once built)
    this.kept = false; // whether unsent writes are in storage now
    // Writes kept from before this page opened that could not be sent as it opened (the
    // connection still down): kept ahead of this page's own each time they are kept, so that
    // keeping those does not drop these, and sent ahead of them too (sendEarlier).
    this.earlier = [];
    // Whether the earlier writes wait for a login (their send found the session gone).
    this.earlierHeld = false;
    // `onEarlier({ saved, refused })` hears what became of the earlier writes sent.
    this.onEarlier = null;
    this.csrf = csrf;
    this.writeLayer = writeLayer; // "gold" or null
    // The schema version the page read its label names from, sent with every write so that
    // one from a page whose names were renamed since is refused (409 schema_changed) rather
    // than taken as an unknown name, or as one that means something else now. Null: unsaid.
    this.schemaVersion = null;
    this.queue = [];
    this.idleWaiters = []; // idle()'s promises, resolved when the queue is empty
    this.running = false;
    this.listeners = new Set();
    this.state = "saved";
    this.lastError = "";
    this.lastFailure = null; // the ApiError of the latest "failed"
  }

  onState(listener) { this.listeners.add(listener); }

  // `error` (an ApiError) comes with "failed", so that listeners can tell a refusal apart.
  setState(state, message = "", error = null) {
    this.state = state;
    this.lastError = message;
    this.lastFailure = error;
    for (const listener of this.listeners) listener(state, message, error);
  }

  // `keepalive`: the request still goes out (and lands) if the page goes away meanwhile.
  async request(method, path, body, { key, layer = true, keepalive = false } = {}) {
    // GETs send no extra header, so that they match the page's <link rel="preload">.
    const headers = method === "GET" ? {} : { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (method !== "GET") headers["X-CSRFToken"] = this.csrf;
    if (key) headers["Idempotency-Key"] = key;
    if (method !== "GET" && this.schemaVersion) headers["X-Schema-Version"] = String(this.schemaVersion);
    let url = this.root + path;
    if (layer && this.writeLayer && method !== "GET") {
      url += (url.includes("?") ? "&" : "?") + `layer=${encodeURIComponent(this.writeLayer)}`;
    }
    const response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
      keepalive,
    });
    if (response.status === 204) return null;
    let data = null;
    try { data = await response.json(); } catch { data = null; }
    if (!response.ok) throw new ApiError(response.status, data, { method, path, sent: body });
    return data;
  }

  get(path) { return this.request("GET", path); }

  // Queue a write. `build` returns [method, path, body] when its turn comes, so that it can
  // use ids that earlier writes in the queue have only just received. Resolves with the answer.
  // `done` runs as soon as the answer arrives, before the next queued write is built.
  // `keyless`: the endpoint takes no Idempotency-Key (a write that is safe to repeat as it is).
  // `settle(error)`: for a refusal that leaves the server as the write wanted it (a span
  // that is there already), the answer to go on with; undefined: the refusal stands.
  // `keepalive`: sent so that it lands even if the page goes away (a write made as it goes).
  // `makes`: the page's key of the span or link the answer's id is for, so that a write kept
  // behind this one (unsent.js) can name it before that id is known.
  write(build, done, { keyless = false, settle = null, keepalive = false, makes = null } = {}) {
    return new Promise((resolve, reject) => {
      const key = keyless ? null : newKey();
      // `at`: when it was queued, no later than its first send (unsent.js counts its age from it).
      this.queue.push({ build, resolve, reject, key, done, settle, keepalive, makes, at: Date.now() });
      this.earlierHeld = false; // tried again before this one: the user may have logged in since
      if (this.kept) this.keepUnsent(); // made while the connection is down
      this.pump();
    });
  }

  pending() { return this.queue.length + (this.running ? 1 : 0); }

  // `requests`: the kept writes still unsent as the page opened (unsent.js readKept). They go
  // from the next pump() on, before any write of this page.
  keepAhead(requests) {
    this.earlier = requests;
    this.kept = requests.length > 0;
  }

  // Send the earlier writes, retrying while the connection is down as a write of this page
  // is; stopped (held) by a login session gone, until the next write is queued.
  async sendEarlier() {
    const said = { saved: 0, refused: [] };
    let delay = 250;
    this.setState("saving");
    for (;;) {
      const result = await sendRequests(this, this.earlier, ApiError, (rest) => {
        this.earlier = rest;
        this.keepUnsent();
      });
      said.saved += result.saved;
      said.refused.push(...result.refused);
      if (!result.left) break;
      if (result.sessionGone) {
        this.earlierHeld = true;
        this.setState("failed", result.error.message, result.error);
        break;
      }
      this.setState("retrying", `${result.error.message}; retrying`);
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 5000);
    }
    if (this.onEarlier && (said.saved || said.refused.length)) this.onEarlier(said);
  }

  // Keep the writes not yet answered, behind those kept from before (or, none left, take
  // them out of storage).
  keepUnsent() {
    if (!this.unsentKey) return;
    const jobs = this.current ? [this.current, ...this.queue] : [...this.queue];
    const requests = [...this.earlier, ...keptRequests(jobs)];
    keep(this.unsentKey, requests);
    this.kept = requests.length > 0;
  }

  // Resolves once no write is queued or on its way (at once if none is).
  idle() {
    if (!this.pending()) return Promise.resolve();
    return new Promise((resolve) => { this.idleWaiters.push(resolve); });
  }

  async pump() {
    if (this.running) return;
    this.running = true;
    for (;;) {
      // The writes kept from an earlier visit go before any of this one: sent after them (at
      // the next opening, as they once were), an older write landed over a newer one.
      if (this.earlier.length && !this.earlierHeld) await this.sendEarlier();
      if (!this.queue.length) break;
      const job = this.queue.shift();
      this.current = job;
      this.setState("saving");
      await this.run(job);
      this.current = null;
      if (this.kept) this.keepUnsent(); // one fewer to keep
    }
    this.running = false;
    // A failure stays on show until the next write; anything else has now been saved.
    if (this.state !== "failed") this.setState("saved");
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  async run(job) {
    let delay = 250;
    for (let attempt = 0; ; attempt += 1) {
      let request;
      try {
        request = job.build();
      } catch (error) {
        job.reject(error);
        return;
      }
      if (!request) { job.resolve(null); return; }
      job.request = request; // as it was sent: a retry resends it, and it is what is kept
      const [method, path, body] = request;
      try {
        const answer = await this.request(method, path, body, { key: job.key, keepalive: job.keepalive });
        if (job.done) job.done(answer);
        job.resolve(answer);
        return;
      } catch (error) {
        const transient = !(error instanceof ApiError) || error.status >= 500 || error.status === 429;
        const settled = !transient && job.settle ? job.settle(error) : undefined;
        if (settled !== undefined) {
          if (job.done) job.done(settled);
          job.resolve(settled);
          return;
        }
        if (!transient) {
          this.setState("failed", error.message, error);
          job.reject(error);
          return;
        }
        // The network or the server failed: try again with the same key, so that a write
        // that did land is answered from the server's record instead of done twice.
        this.setState("retrying", `${error.message}; retrying`);
        this.keepUnsent();
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 5000);
      }
    }
  }
}
