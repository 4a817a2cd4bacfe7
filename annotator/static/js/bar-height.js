// The workspace's top bar sticks to the top of the window, and its height is not fixed: a long
// title wraps, the stale-layer notice opens, a narrow window wraps the controls. What must
// stay clear of it (the sticky side panel, a sentence scrolled into view) reads its height
// from CSS variables on the root element, kept here as the bar changes size:
//   --ws-bar-height  the whole bar
//   --ws-bar-about   how far down the bar its first part (breadcrumbs, title, details)
//                    reaches, which a narrow window lets scroll away (workspace.css)
// and, the same way, the height of the span labels that a narrow window fixes at its foot:
//   --ws-palette-height  the room the page keeps below the text for them (the whole sheet)
//   --ws-labels-height   the span labels' own, stuck at the sheet's foot as it scrolls
// and where the sticky side panel's top is in the window, which its height fits under:
//   --ws-side-top        below the page's header at first, the bar's foot once stuck

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

// Keep the side panel's top (its place in the window now) in --ws-side-top, so that its
// height ends at the window's foot and its own scroll reaches its last panel. Its height was
// the window's less the bar's: right once the page scrolled it up to the bar, but at the top
// of the page, where the site's header and the title sit above it too, it ran past the foot
// (at 1366x800, by 50 pixels: the last field out of reach until the text was scrolled).
export function followSideTop(side) {
  const root = document.documentElement.style;
  let asked = false;
  const measure = () => {
    asked = false;
    root.setProperty("--ws-side-top", `${Math.max(0, Math.round(side.getBoundingClientRect().top))}px`);
  };
  const ask = () => {
    if (!asked) { asked = true; requestAnimationFrame(measure); }
  };
  measure();
  window.addEventListener("scroll", ask, { passive: true });
  window.addEventListener("resize", ask);
  new ResizeObserver(ask).observe(document.documentElement);
}
