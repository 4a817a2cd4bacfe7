// Making the side panels' elements: all text goes in through textContent, never as markup.

// `el("p", { class: "muted", text: "No notes." }, ...children)`: a property named on… is a
// listener, `dataset` an object of data- attributes, true an empty attribute, false or null none.
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (name === "text") node.textContent = value;
    else if (name === "class") node.className = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else if (name === "dataset") Object.assign(node.dataset, value);
    else if (value === true) node.setAttribute(name, "");
    else if (value !== false && value != null) node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}
