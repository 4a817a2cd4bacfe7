// The project's guidelines in a dialog opened from the workspace's bar, over the text, and
// closed (Esc, its Close button, a click beside it) back to where the annotator was. They were
// only at the end of the side panel, folded: below the whole text on a phone, under every
// label field on a wide window; a new annotator had to know to look there.

export function bindGuidelines() {
  const dialog = document.getElementById("guidelines-dialog");
  const open = document.getElementById("show-guidelines");
  if (!dialog || !open) return;
  open.addEventListener("click", () => {
    dialog.showModal();
    dialog.scrollTop = 0;
    document.getElementById("close-guidelines").focus({ preventScroll: true });
  });
  document.getElementById("close-guidelines").addEventListener("click", () => dialog.close());
  // A click on the dimmed page around the box (the dialog itself, outside its content).
  dialog.addEventListener("click", (event) => {
    const box = dialog.getBoundingClientRect();
    const inside = event.clientX >= box.left && event.clientX <= box.right
      && event.clientY >= box.top && event.clientY <= box.bottom;
    if (event.target === dialog && !inside) dialog.close();
  });
}
