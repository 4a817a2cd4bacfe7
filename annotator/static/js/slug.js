// A new project's slug follows its name until the slug is typed by hand: most slugs are the
// name in lowercase with dashes, and typing both was the form's most repeated step. The
// server checks whatever is sent (NewProjectForm), so this only saves typing.

const MOST = 64; // the slug's longest, as the server allows it

export function slugOf(name) {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "") // accents go; their letters stay
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, "-")
    .replace(/^[-_]+/, "")
    .slice(0, MOST)
    .replace(/-+$/, "");
}

const name = document.querySelector("[data-slug-source]");
const slug = document.querySelector("[data-slug-target]");
if (name && slug) {
  // A slug already there (a refused form shown again) was the user's: it is left alone.
  let typed = slug.value !== "";
  slug.addEventListener("input", () => { typed = slug.value !== ""; });
  name.addEventListener("input", () => {
    if (!typed) slug.value = slugOf(name.value);
  });
}
