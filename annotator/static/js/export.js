// The export page: one click downloads, and the warnings of the file are shown beside the
// button.
//
// Without this module the form still works: it is sent with GET and the server answers the
// file at once (or the page with a refused choice's reason under its field), which the
// browser streams to disk; the page lists what every format has no room for, and the
// counts ride in the response's X-Annotator-Warnings header.
//
// With it, a download that may carry warnings goes through fetch: a format with something
// it has no room for (it has a line under the format choice) or a split (which may warn of
// its documents). What the export left out, which the server counts before the first byte
// and sends in X-Annotator-Warnings (as the API does), is then shown beside the button. Such
// a file is saved from a Blob, held whole in the tab's memory until it is saved: reading a
// header costs that. Any other download (jsonl, spacy) is left to the form, and streamed to
// disk by the browser as before, whatever its size. Beside the format choice, only the
// chosen format's line of what it has no room for is shown.

const form = document.querySelector("[data-export-form]");

// The file name of a Content-Disposition (downloads.attachment): filename*, the whole name
// percent-encoded, else the plain filename.
export function fileName(disposition) {
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (encoded) {
    try {
      return decodeURIComponent(encoded[1]);
    } catch {
      // A malformed name falls back to the plain one.
    }
  }
  const plain = /filename="([^"]*)"/i.exec(disposition);
  return plain ? plain[1] : "export";
}

// The warnings header is a JSON list of sentences; anything else says nothing.
export function warningsOf(header) {
  if (!header) return [];
  try {
    const list = JSON.parse(header);
    return Array.isArray(list) ? list.map(String) : [];
  } catch {
    return [];
  }
}

function notice() {
  return form.querySelector("#export-notice");
}

// Say a line (muted, or an error), then each warning under it; nothing clears the notice.
function say(line, { error = false, warnings = [] } = {}) {
  const items = [];
  if (line) {
    const first = document.createElement("p");
    first.className = error ? "form-error" : "muted";
    first.textContent = line;
    items.push(first);
  }
  for (const warning of warnings) {
    const item = document.createElement("p");
    item.className = "flash flash--warning";
    item.textContent = `Warning: ${warning}`;
    items.push(item);
  }
  notice().replaceChildren(...items);
}

function showLoss() {
  const chosen = form.querySelector("select[name=format]").value;
  for (const line of form.querySelectorAll("#format-losses [data-format]")) {
    line.hidden = line.dataset.format !== chosen;
  }
}

function save(blob, name) {
  const href = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = href;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: the browser reads the Blob after the click returns.
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}

// A refused choice: the server's page holds the form with each reason under its field. Its
// fields replace ours (the form element stays, with its listeners); any other page (the login
// page, after the session ended) is opened as the browser would have.
function showRefused(html, url) {
  const page = new DOMParser().parseFromString(html, "text/html");
  const answered = page.querySelector("[data-export-form]");
  if (!answered) {
    window.location.assign(url);
    return;
  }
  form.replaceChildren(...Array.from(answered.childNodes, (node) => document.importNode(node, true)));
  showLoss();
  const first = form.querySelector("[autofocus]");
  if (first) first.focus();
}

// Whether the chosen download may carry warnings: its format has a line of what it has no
// room for, or a split is asked for. Only then is it worth holding the file in memory.
export function mayWarn(chosenFormat, lossFormats, split) {
  return lossFormats.includes(chosenFormat) || split.trim() !== "";
}

function chosenMayWarn() {
  const chosen = form.querySelector("select[name=format]").value;
  const lines = form.querySelectorAll("#format-losses [data-format]");
  const lossy = Array.from(lines, (line) => line.dataset.format);
  const split = form.querySelector("input[name=split]");
  return mayWarn(chosen, lossy, split ? split.value : "");
}

async function download(event) {
  if (!chosenMayWarn()) {
    // Nothing to show after it: the form's own request, streamed to disk by the browser.
    say("");
    return;
  }
  event.preventDefault();
  const button = form.querySelector("button[type=submit]");
  const url = new URL(form.action, window.location.href);
  url.search = new URLSearchParams(new FormData(form)).toString();
  button.disabled = true;
  say("Preparing the file…");
  try {
    const response = await fetch(url, { credentials: "same-origin" });
    const disposition = response.headers.get("Content-Disposition") || "";
    if (!disposition.startsWith("attachment")) {
      showRefused(await response.text(), url);
      return;
    }
    const name = fileName(disposition);
    const warnings = warningsOf(response.headers.get("X-Annotator-Warnings"));
    save(await response.blob(), name);
    // What was saved, then what it left out, beside the button.
    say(`Saved ${name}.`, { warnings });
    // Under the button, which sits at the foot of a long form: brought into view.
    if (warnings.length > 0) notice().scrollIntoView({ block: "nearest" });
  } catch {
    say("The download failed (the connection was lost?): try again.", { error: true });
  } finally {
    const again = form.querySelector("button[type=submit]");
    if (again) again.disabled = false;
  }
}

if (form) {
  showLoss();
  form.addEventListener("submit", download);
  // Warnings are of the file downloaded: a changed choice is another file, so they go.
  form.addEventListener("input", () => {
    showLoss();
    if (!form.querySelector("button[type=submit]").disabled) say("");
  });
}
