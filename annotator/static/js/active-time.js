// Active time on a document: a second counts when the page is visible and the annotator gave
// some input within the last minute; idle or hidden time never counts. What was counted is
// sent every half minute, and when the page is hidden or left, to the layer being written.
//
// Each report names this visit (page load) and how far the visit's count reaches, and carries
// every second the server has not yet answered for: a report that failed is carried by the
// next, and one that arrives twice (its answer lost, or sent again on leaving) is credited
// once by the server (annotator/services/annotation/active_time.py).

const IDLE_AFTER_MS = 60_000;
const REPORT_EVERY_S = 30;
const MAX_REPORT_S = 120; // the most one report may hold (the server's MAX_REPORT_SECONDS)
const INPUT_EVENTS = ["keydown", "pointerdown", "pointermove", "wheel", "scroll", "touchstart", "input"];

// A random id for this page load: getRandomValues works on plain http too (randomUUID does not).
function newVisitId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export class ActiveTime {
  constructor({ root, documentId, csrf, layer }) {
    this.url = `${root}/documents/${documentId}/time` + (layer ? `?layer=${encodeURIComponent(layer)}` : "");
    this.csrf = csrf;
    this.lastInput = Date.now();
    this.visit = newVisitId();
    this.counted = 0; // active seconds of this visit
    this.answered = 0; // how far the server has answered for the visit's count
    this.sentUpTo = 0; // how far the reports on their way reach
    this.onTheWay = 0;
    this.sinceReport = 0;
  }

  start() {
    const seen = () => { this.lastInput = Date.now(); };
    for (const name of INPUT_EVENTS) {
      window.addEventListener(name, seen, { capture: true, passive: true });
    }
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") this.report();
      else this.lastInput = Date.now(); // coming back to the page is input
    });
    window.addEventListener("pagehide", () => this.report());
    this.timer = setInterval(() => this.tick(), 1000);
  }

  tick() {
    const active = document.visibilityState === "visible" && Date.now() - this.lastInput < IDLE_AFTER_MS;
    if (active) this.counted += 1;
    this.sinceReport += 1;
    if (this.sinceReport >= REPORT_EVERY_S) this.report();
  }

  report() {
    this.sinceReport = 0;
    const upTo = Math.min(this.counted, this.answered + MAX_REPORT_S);
    if (upTo <= this.answered) return;
    // Hidden, then left: the same seconds are on their way already.
    if (this.onTheWay > 0 && upTo <= this.sentUpTo) return;
    this.sentUpTo = Math.max(this.sentUpTo, upTo);
    this.onTheWay += 1;
    const body = { seconds: upTo - this.answered, visit: { id: this.visit, seconds: upTo } };
    // keepalive: a report sent as the page goes away still arrives; it carries the CSRF
    // header as every other write does (sendBeacon could not).
    fetch(this.url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": this.csrf },
      body: JSON.stringify(body),
      credentials: "same-origin",
      keepalive: true,
    }).then((answer) => {
      // Answered (credited, cut by the server's bounds, or refused): done with. A server
      // error, or no answer (offline, below), leaves them to the next report.
      if (answer.status < 500) this.answered = Math.max(this.answered, upTo);
    }).catch(() => {}).finally(() => { this.onTheWay -= 1; });
  }
}

const root = document.getElementById("workspace");
if (root && root.dataset.writable === "true") {
  const d = root.dataset;
  new ActiveTime({ root: d.api, documentId: Number(d.document), csrf: d.csrf, layer: d.writeLayer || null }).start();
}
