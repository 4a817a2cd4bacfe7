// Active time on a document: a second counts when the page is visible and the annotator gave
// some input within the last minute; idle or hidden time never counts. What was counted is
// sent every half minute, and when the page is hidden or left, to the layer being written.

const IDLE_AFTER_MS = 60_000;
const REPORT_EVERY_S = 30;
const INPUT_EVENTS = ["keydown", "pointerdown", "pointermove", "wheel", "scroll", "touchstart", "input"];

export class ActiveTime {
  constructor({ root, documentId, csrf, layer }) {
    this.url = `${root}/documents/${documentId}/time` + (layer ? `?layer=${encodeURIComponent(layer)}` : "");
    this.csrf = csrf;
    this.lastInput = Date.now();
    this.pending = 0;
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
    if (active) this.pending += 1;
    this.sinceReport += 1;
    if (this.sinceReport >= REPORT_EVERY_S) this.report();
  }

  report() {
    this.sinceReport = 0;
    if (this.pending === 0) return;
    const seconds = Math.min(this.pending, 120);
    this.pending -= seconds;
    // keepalive: a report sent as the page goes away still arrives.
    fetch(this.url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": this.csrf },
      body: JSON.stringify({ seconds }),
      credentials: "same-origin",
      keepalive: true,
    }).catch(() => { this.pending += seconds; }); // offline: try again with the next report
  }
}

const root = document.getElementById("workspace");
if (root && root.dataset.writable === "true") {
  const d = root.dataset;
  new ActiveTime({ root: d.api, documentId: Number(d.document), csrf: d.csrf, layer: d.writeLayer || null }).start();
}
