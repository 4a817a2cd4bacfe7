// The workspace's top bar sticks to the top of the window, and its height is not fixed: a long
// title wraps, the stale-layer notice opens, a narrow window wraps the controls. What must
// stay clear of it (the sticky side panel, a sentence scrolled into view) reads its height
// from CSS variables on the root element, kept here as the bar changes size:
//   --ws-bar-height  the whole bar
//   --ws-bar-about   how far down the bar its first part (breadcrumbs, title, details)
//                    reaches, which a narrow window lets scroll away (workspace.css)
// and, the same way, the height of the span labels that a narrow window fixes at its foot:
//   --ws-palette-height  the room the page keeps below the text for them

export function followBarHeight(bar) {
  const about = bar.querySelector(".ws-bar__about");
  const root = document.documentElement.style;
  const measure = () => {
    root.setProperty("--ws-bar-height", `${bar.offsetHeight}px`);
    // The bar is sticky, so it is the offset parent: offsetTop counts its padding above.
    root.setProperty("--ws-bar-about", `${about ? about.offsetTop + about.offsetHeight : 0}px`);
  };
  measure();
  const observer = new ResizeObserver(measure);
  observer.observe(bar);
  if (about) observer.observe(about);
  return observer;
}

// Keep the height of ``node`` in the root's CSS variable ``name`` as it changes (a schema's
// labels wrap onto more rows on a narrower window).
export function followHeight(node, name) {
  const root = document.documentElement.style;
  const observer = new ResizeObserver(() => root.setProperty(name, `${node.offsetHeight}px`));
  observer.observe(node);
  return observer;
}
