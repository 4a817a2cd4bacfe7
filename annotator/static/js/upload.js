// The project page's import form: drop files on it, see the upload's progress.
//
// Without this module the form still works: it posts the files and the server answers with
// the page (problems listed) or a redirect. With it, the same request goes through
// XMLHttpRequest, whose upload events drive the progress bar; the server's problems are
// taken from the page it answers with (escaped there), and success reloads the project page.

function describe(files) {
  const names = Array.from(files, (file) => file.name);
  if (names.length === 0) return "";
  return `${names.length} file${names.length === 1 ? "" : "s"}: ${names.join(", ")}`;
}

// The server's limit, as the page states it (ANNOTATOR_MAX_UPLOAD_MB).
function tooLarge(form) {
  return `The files are larger than the server accepts: at most ${form.dataset.maxMb} MB at once.`;
}

function showMessage(target, text) {
  const message = document.createElement("p");
  message.className = "form-error";
  message.textContent = text;
  target.replaceChildren(message);
}

function showProblems(form, target, html, status) {
  const page = new DOMParser().parseFromString(html, "text/html");
  const found = page.querySelector("[data-problems]");
  target.replaceChildren();
  if (found && found.childElementCount > 0) {
    for (const node of found.childNodes) target.append(document.importNode(node, true));
    return;
  }
  showMessage(target, status === 413 ? tooLarge(form) : `The import failed (HTTP ${status}).`);
}

function enhance(form) {
  const input = form.querySelector("input[type=file]");
  const zone = form.querySelector("[data-dropzone]");
  const chosen = form.querySelector("[data-chosen]");
  const bar = form.querySelector("[data-progress]");
  const button = form.querySelector("button[type=submit]");
  const problems = document.querySelector("[data-problems]");

  input.addEventListener("change", () => { chosen.textContent = describe(input.files); });
  zone.addEventListener("dragover", (event) => {
    event.preventDefault();
    zone.classList.add("dropzone--over");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("dropzone--over"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("dropzone--over");
    if (!event.dataTransfer || event.dataTransfer.files.length === 0) return;
    input.files = event.dataTransfer.files;
    chosen.textContent = describe(input.files);
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    // The page's messages are about what was done before ("Imported 3 new documents"): left
    // there, they would stand beside this upload's answer and seem to be about it.
    for (const flashes of document.querySelectorAll(".flashes")) flashes.remove();
    // Files over the limit are refused here, before minutes of uploading end in a 413.
    const size = Array.from(input.files, (file) => file.size).reduce((a, b) => a + b, 0);
    if (size > Number(form.dataset.maxMb) * 1024 * 1024) {
      showMessage(problems, tooLarge(form));
      return;
    }
    const request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    request.upload.addEventListener("progress", (progress) => {
      if (progress.lengthComputable) bar.value = (100 * progress.loaded) / progress.total;
    });
    request.addEventListener("load", () => {
      if (request.status === 200) {
        const answer = JSON.parse(request.responseText);
        window.location.assign(answer.location);
        return;
      }
      button.disabled = false;
      bar.hidden = true;
      showProblems(form, problems, request.responseText, request.status);
    });
    request.addEventListener("error", () => {
      button.disabled = false;
      bar.hidden = true;
      showProblems(form, problems, "", 0);
    });
    button.disabled = true;
    bar.value = 0;
    bar.hidden = false;
    problems.replaceChildren();
    request.send(new FormData(form));
  });
}

for (const form of document.querySelectorAll("form[data-upload]")) enhance(form);
