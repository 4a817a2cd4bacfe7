// The export page: every download is the browser's own request, streamed to disk however
// large the file; what the file will leave out is said beside the button before the click.
//
// Without this module the form still works: it is sent with GET and the server answers the
// file (or the page with a refused choice's reason under its field); the page lists what
// every format has no room for, and the counts ride in the download's X-Annotator-Warnings.
//
// With it, each change of the choices asks the server what that download will warn of
// (export.warnings: the count the download's X-Annotator-Warnings header carries, made
// before its first byte, without the file) and says it beside the button, with the chosen
// format's line of what it has no room for: one place for both. The click is left to the
// form: a plain GET, or, with an earlier export's split file chosen, a POST of the form
// with the file and the CSRF token, which the browser streams to disk just as well.

const form = document.querySelector("[data-export-form]");
// Choices typed in (a list of documents, a split) are asked about once the typing pauses.
const PAUSE_MS = 350;

// The warnings of an answer: a list of sentences; anything else says nothing.
export function warningsOf(answer) {
  const list = answer && answer.warnings;
  return Array.isArray(list) ? list.map(String) : [];
}

// The split's document counts as one line ("train 2, test 1"), or "" without a split.
export function splitLine(split) {
  if (!Array.isArray(split)) return "";
  return split.map((part) => `${part.name} ${part.documents}`).join(", ");
}

function notice() {
  return form.querySelector("#export-notice");
}

function paragraph(text, className) {
  const item = document.createElement("p");
  item.className = className;
  item.textContent = text;
  return item;
}

// Say what the chosen download will leave out: each warning, or, when it leaves out nothing,
// what its format has no room for (none of it is in this selection); then the split's counts.
function sayAnswer(answer) {
  const warnings = warningsOf(answer);
  const items = warnings.map((warning) => paragraph(`Warning: ${warning}`, "flash flash--warning"));
  if (warnings.length === 0 && answer.no_room) {
    items.push(paragraph(`${answer.no_room}; this selection has none of them.`, "muted"));
  }
  const split = splitLine(answer.split);
  if (split) items.push(paragraph(`Documents per split: ${split}.`, "muted"));
  notice().replaceChildren(...items);
}

function say(line, { error = false } = {}) {
  notice().replaceChildren(...(line ? [paragraph(line, error ? "form-error" : "muted")] : []));
}

function splitFile() {
  const input = form.querySelector("input[type=file][name=split_from]");
  return input && input.files.length > 0 ? input.files[0] : null;
}

// The choices as the form sends them, without the file field and the token (a query's).
function choices() {
  const data = new FormData(form);
  data.delete("split_from");
  data.delete("csrf_token");
  return data;
}

let asking = null;
let pause = null;
// The choices of the question last asked: the same ones are not asked again (a field's change
// event comes when the Download click takes its focus, and the notice then went "Counting…"
// under the pointer for choices it had just answered).
let asked = null;

function choicesKey() {
  const file = splitFile();
  const query = new URLSearchParams(choices()).toString();
  return file ? `${query}|${file.name}|${file.size}|${file.lastModified}` : query;
}

// Ask what the chosen download will warn of; a newer question aborts the older one.
async function ask() {
  const key = choicesKey();
  if (key === asked) return;
  asked = key;
  if (asking) asking.abort();
  const controller = new AbortController();
  asking = controller;
  const url = new URL(form.dataset.warningsUrl, window.location.href);
  const request = { credentials: "same-origin", signal: controller.signal };
  const file = splitFile();
  if (file) {
    // The split file goes in the body, with the session's CSRF token in its header.
    const body = choices();
    body.append("split_from", file);
    request.method = "POST";
    request.body = body;
    request.headers = { "X-CSRFToken": form.querySelector("[data-post-only]").value };
  } else {
    url.search = new URLSearchParams(choices()).toString();
  }
  say("Counting what this file will leave out…");
  try {
    const response = await fetch(url, request);
    const type = response.headers.get("Content-Type") || "";
    if (!type.includes("application/json")) {
      // The login page, after the session ended: the click will say so too.
      say("Could not count what this file will leave out: reload the page.", { error: true });
      asked = null;
      return;
    }
    const answer = await response.json();
    if (!response.ok) {
      const error = answer.error || {};
      say(`This choice is refused: ${error.message || response.statusText}`, { error: true });
      return;
    }
    sayAnswer(answer);
  } catch (exc) {
    if (exc.name === "AbortError") return;
    asked = null;
    say("Could not count what this file will leave out (the connection was lost?).", {
      error: true,
    });
  } finally {
    if (asking === controller) asking = null;
  }
}

function askSoon(event) {
  clearTimeout(pause);
  const target = event && event.target;
  const typed = target && target.matches("input:not([type=checkbox]):not([type=file])");
  pause = setTimeout(ask, typed ? PAUSE_MS : 0);
}

// The form as the click sends it: a POST with the token and the file when a split file is
// chosen, else a GET without them (an empty file field, left out of the query too).
function send() {
  const file = splitFile();
  const token = form.querySelector("[data-post-only]");
  const fileInput = form.querySelector("input[type=file][name=split_from]");
  form.method = file ? "post" : "get";
  form.enctype = file ? "multipart/form-data" : "application/x-www-form-urlencoded";
  token.disabled = !file;
  if (!file && fileInput) {
    // Read by the browser right after this handler; enabled again after that.
    fileInput.disabled = true;
    setTimeout(() => {
      fileInput.disabled = false;
    }, 0);
  }
}

if (form) {
  // One place for what a download leaves out: beside the button, by the answers above.
  form.querySelector("#format-losses").hidden = true;
  form.addEventListener("input", askSoon);
  form.addEventListener("change", askSoon);
  form.addEventListener("submit", send);
  ask();
}
