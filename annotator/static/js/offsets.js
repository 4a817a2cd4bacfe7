// The one place where offsets change units (CONTRACT section 1).
//
// The server counts Unicode code points; the DOM counts UTF-16 code units. A character
// outside the Basic Multilingual Plane (most emoji, flags are two of them, a skin-tone
// modifier is one more) is one code point and two code units. Everything else in the front
// end works in code units and converts here, at the edge, when talking to the API.

function isHigh(unit) { return unit >= 0xd800 && unit <= 0xdbff; }
function isLow(unit) { return unit >= 0xdc00 && unit <= 0xdfff; }

// The number of sorted entries of `list` that are < `value`.
function countBelow(list, value) {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < value) lo = mid + 1; else hi = mid;
  }
  return lo;
}

export class OffsetMap {
  // Index the surrogate pairs of `text` once; conversions are then O(log pairs).
  constructor(text) {
    this.text = text;
    this.pairs16 = []; // code-unit offsets of the high surrogate of each pair
    this.pairsCp = []; // code-point offsets of the same characters
    for (let i = 0; i < text.length; i += 1) {
      if (isHigh(text.charCodeAt(i)) && i + 1 < text.length && isLow(text.charCodeAt(i + 1))) {
        this.pairsCp.push(i - this.pairs16.length);
        this.pairs16.push(i);
        i += 1;
      }
    }
    this.lengthCp = text.length - this.pairs16.length;
  }

  // Code points -> code units.
  toUnits(cp) {
    if (this.pairs16.length === 0) return cp;
    return cp + countBelow(this.pairsCp, cp);
  }

  // Code units -> code points. An offset inside a surrogate pair moves to the pair's start
  // (for a range start) or end (for a range end), so a range never splits a character.
  toCodePoints(units, edge = "start") {
    if (this.pairs16.length === 0) return units;
    const before = countBelow(this.pairs16, units);
    const inside = before > 0 && this.pairs16[before - 1] === units - 1;
    if (inside) return units - before + (edge === "end" ? 1 : 0);
    return units - before;
  }

  // A [start, end) range in code units -> code points.
  rangeToCodePoints(start, end) {
    return [this.toCodePoints(start, "start"), this.toCodePoints(end, "end")];
  }

  // A [start, end) range in code points -> code units.
  rangeToUnits(start, end) {
    return [this.toUnits(start), this.toUnits(end)];
  }
}

// Shrink a code-unit range so that it neither starts nor ends with white space; null when
// nothing but white space is left.
export function trimRange(text, start, end) {
  while (start < end && /\s/u.test(text[start])) start += 1;
  while (end > start && /\s/u.test(text[end - 1])) end -= 1;
  return start < end ? [start, end] : null;
}
