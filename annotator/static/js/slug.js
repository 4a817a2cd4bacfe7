// A new project's slug follows its name until the slug is typed by hand: most slugs are the
// name in lowercase with dashes, and typing both was the form's most repeated step. The
// server checks whatever is sent (NewProjectForm), so this only saves typing.

// The slug's longest is the input's maxlength, which the form writes from its own rule.
export function slugOf(name, most) {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "") // accents go; their letters stay
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, "-")
    .replace(/^[-_]+/, "")
    .slice(0, most)
    .replace(/-+$/, "");
}

const name = document.querySelector("[data-slug-source]");
const slug = document.querySelector("[data-slug-target]");
if (name && slug) {
  // A slug already there (a refused form shown again) was the user's: it is left alone.
  let typed = slug.value !== "";
  slug.addEventListener("input", () => { typed = slug.value !== ""; });
  name.addEventListener("input", () => {
    if (!typed) slug.value = slugOf(name.value, slug.maxLength > 0 ? slug.maxLength : undefined);
  });
}
