// A touch screen (a phone, a tablet): no pointer that hovers, so no keyboard to speak of. The
// same test as the styles' that hide the key hints there (app.css).
export function touchScreen() {
  return window.matchMedia("(hover: none) and (pointer: coarse)").matches;
}
