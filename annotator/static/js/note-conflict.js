// The document note saved in another tab since this page read it (a 409 on the note's save).
// Reloading the page, as for a stale span, would throw away what was typed here; instead the
// note box shows the stored note beside it and the annotator chooses which one stays.

import { el } from "./elements.js";

// Show the choice above the note box (`area`, `unsure`: the box and its "Unsure" tick box)
// for the stored note at `version` (the refusal's), read again now so that its text is the latest.
export async function showNoteConflict(ws, saver, { area, unsure, version }) {
  const box = document.getElementById("notes");
  let stored = null;
  let read = true;
  try {
    const answer = await ws.api.get(`/documents/${ws.documentId}/notes`);
    stored = answer.notes.find((n) => n.annotator === ws.user) || null;
  } catch {
    read = false; // keeping mine needs only the version; taking theirs needs their text
  }
  const storedVersion = stored ? stored.version : version;
  document.getElementById("note-conflict")?.remove();
  const panel = el("div", { id: "note-conflict", class: "note-conflict", role: "group", "aria-labelledby": "note-conflict-title" },
    // The refusal's own words (`message`) are the state line's under the box; this says what
    // happened and what is safe.
    el("p", { id: "note-conflict-title", text: "This note was saved in another tab or window since this page read it. Your text is still in the box below." }),
    el("p", { class: "small muted", text: "The note as saved elsewhere:" }),
    el("blockquote", { id: "note-conflict-stored", class: "note__text",
      text: !read ? "(It could not be read just now: Reload shows it, and your text comes back in the box.)"
        : stored && stored.note ? stored.note : "(no note)" }));
  const keep = el("button", { type: "button", id: "note-keep-mine", class: "button", text: "Keep mine" });
  const take = el("button", { type: "button", id: "note-take-stored", class: "button button--quiet", text: "Use the saved note" });
  keep.addEventListener("click", () => {
    panel.remove();
    saver.keepMine(storedVersion, area.value, unsure.checked);
    area.focus();
  });
  // Not read: no text to take. A reload shows it, and puts this tab's draft back in the box
  // (note.js keeps it until stored), to be refused and offered here again.
  const reload = el("button", { type: "button", id: "note-conflict-reload", class: "button button--quiet", text: "Reload" });
  reload.addEventListener("click", () => window.location.reload());
  take.addEventListener("click", () => {
    panel.remove();
    area.value = stored ? stored.note : "";
    unsure.checked = stored ? stored.unsure : false;
    saver.takeStored(storedVersion);
    area.focus();
  });
  panel.append(el("p", { class: "note-conflict__actions" }, keep, " ", read ? take : reload));
  box.prepend(panel);
}
