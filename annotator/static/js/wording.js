// How a count is said in the page: "1 span", "3 spans" (annotator/core/wording.py's rule).

export function counted(count, noun, plural = "") {
  return `${count} ${count === 1 ? noun : plural || `${noun}s`}`;
}
