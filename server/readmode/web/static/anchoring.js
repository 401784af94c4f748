/**
 * Text anchoring: find where a quoted passage lives in a text that may have changed.
 *
 * A highlight is stored as a TextQuoteSelector (exact + 32 characters of prefix/suffix) plus a
 * TextPositionSelector (start/end) against the server's plain text, the same pair Hypothesis
 * and the W3C Web Annotation model use. The reader's DOM text never equals the server text
 * character for character — whitespace differs (blank lines between blocks, indentation,
 * non-breaking spaces) — so both sides are compared as *compact text*: the text with all
 * whitespace and invisible characters removed, plus a table mapping compact indices back to
 * the original string.
 *
 * `anchor()` first looks for exact occurrences of the quote and picks the one whose context
 * and position fit best; only when there is none does it run a bounded approximate search
 * (Sellers' algorithm with Ukkonen's cut-off, so the cost is O(maxErrors · textLength)).
 */

/** True for characters that carry no text: whitespace, soft hyphens, zero-width characters. */
function isIgnorable(code) {
  if (code <= 0x20) return true; // controls, tab, newlines, space
  if (code < 0x85) return false;
  return (
    code === 0x85 ||
    code === 0xa0 ||
    code === 0xad ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200d) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x2060 ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** A string with ignorable characters removed, and the way back to the original offsets. */
export class CompactText {
  /** @param {string} text */
  constructor(text) {
    const positions = new Uint32Array(text.length);
    const kept = [];
    let count = 0;
    let runStart = -1;
    for (let i = 0; i < text.length; i++) {
      if (isIgnorable(text.charCodeAt(i))) {
        if (runStart >= 0) {
          kept.push(text.slice(runStart, i));
          runStart = -1;
        }
      } else {
        if (runStart < 0) runStart = i;
        positions[count++] = i;
      }
    }
    if (runStart >= 0) kept.push(text.slice(runStart));
    /** The original text. */
    this.original = text;
    /** The text without ignorable characters. */
    this.text = kept.join("");
    /** positions[i] = UTF-16 offset in `original` of compact character i. */
    this.positions = positions.subarray(0, count);
  }

  get length() {
    return this.text.length;
  }

  /** The compact index of the first kept character at or after original offset `offset`. */
  toCompact(offset) {
    let low = 0;
    let high = this.positions.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.positions[mid] < offset) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Compact [start, end) → original [start, end), tight around the kept characters. */
  toOriginalRange(start, end) {
    if (end <= start || start < 0 || end > this.positions.length) return null;
    return [this.positions[start], this.positions[end - 1] + 1];
  }
}

/** Removes ignorable characters from a string (for quotes and contexts). */
export function compact(text) {
  return new CompactText(text || "").text;
}

/**
 * Converts between UTF-16 offsets (JavaScript strings) and code point offsets (the server's
 * Python string indices). Identity when the text has no astral characters, the common case.
 */
export class CodePoints {
  /** @param {string} text */
  constructor(text) {
    this.text = text;
    this.utf16ByCodePoint = null;
    if (!/[\uD800-\uDFFF]/.test(text)) return;
    const table = [];
    for (let i = 0; i < text.length; i++) {
      table.push(i);
      const code = text.charCodeAt(i);
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) i++;
      }
    }
    table.push(text.length);
    this.utf16ByCodePoint = Uint32Array.from(table);
  }

  /** The number of code points in the text. */
  get length() {
    return this.utf16ByCodePoint ? this.utf16ByCodePoint.length - 1 : this.text.length;
  }

  toUtf16(codePoint) {
    const clamped = Math.max(0, Math.min(codePoint, this.length));
    return this.utf16ByCodePoint ? this.utf16ByCodePoint[clamped] : clamped;
  }

  toCodePoint(utf16) {
    const table = this.utf16ByCodePoint;
    if (!table) return Math.max(0, Math.min(utf16, this.text.length));
    let low = 0;
    let high = table.length - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (table[mid] < utf16) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** `count` code points of context before UTF-16 offset `at`. */
  before(at, count) {
    return Array.from(this.text.slice(Math.max(0, at - 2 * count), at))
      .slice(-count)
      .join("");
  }

  /** `count` code points of context after UTF-16 offset `at`. */
  after(at, count) {
    return Array.from(this.text.slice(at, at + 2 * count))
      .slice(0, count)
      .join("");
  }
}

/** Levenshtein distance, for the short prefix/suffix contexts (≤ 64 characters). */
export function editDistance(a, b) {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let previous = new Array(b.length + 1);
  let current = new Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    const code = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (code === b.charCodeAt(j - 1) ? 0 : 1);
      current[j] = Math.min(substitution, previous[j] + 1, current[j - 1] + 1);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length];
}

/**
 * Every end position where `pattern` matches a substring of `text` with at most `maxErrors`
 * edits (Sellers' dynamic programme, Ukkonen's cut-off). Runs of adjacent ends collapse to
 * their best one. Returns [{end, errors}] sorted by errors.
 */
function approximateEnds(text, pattern, maxErrors) {
  const m = pattern.length;
  const limit = Math.min(maxErrors, m);
  let previous = new Int32Array(m + 1);
  let current = new Int32Array(m + 1);
  for (let i = 0; i <= m; i++) previous[i] = i;
  let lastActive = limit; // deepest row whose value is ≤ limit
  const ends = [];
  let run = null;
  for (let j = 1; j <= text.length; j++) {
    const code = text.charCodeAt(j - 1);
    const top = Math.min(m, lastActive + 1);
    current[0] = 0; // a match may start anywhere in the text
    for (let i = 1; i <= top; i++) {
      const diagonal = previous[i - 1] + (pattern.charCodeAt(i - 1) === code ? 0 : 1);
      const left = (i <= lastActive ? previous[i] : limit + 1) + 1;
      const up = current[i - 1] + 1;
      current[i] = diagonal < left ? (diagonal < up ? diagonal : up) : left < up ? left : up;
    }
    let deepest = top;
    while (deepest > 0 && current[deepest] > limit) deepest--;
    if (top === m && current[m] <= limit) {
      const errors = current[m];
      if (run && run.end === j - 1) {
        if (errors < run.errors) {
          run.errors = errors;
          run.best = j;
        }
        run.end = j;
      } else {
        if (run) ends.push({ end: run.best, errors: run.errors });
        run = { end: j, best: j, errors };
      }
    }
    lastActive = deepest;
    [previous, current] = [current, previous];
  }
  if (run) ends.push({ end: run.best, errors: run.errors });
  return ends.sort((a, b) => a.errors - b.errors);
}

/** Given a match ending at `end`, finds where it starts (the cheapest alignment). */
function approximateStart(text, pattern, end, maxErrors) {
  const m = pattern.length;
  const from = Math.max(0, end - m - maxErrors);
  const width = end - from;
  // Align the reversed pattern with the text read backwards from `end`.
  let previous = new Int32Array(width + 1);
  let current = new Int32Array(width + 1);
  for (let j = 0; j <= width; j++) previous[j] = j;
  for (let i = 1; i <= m; i++) {
    const code = pattern.charCodeAt(m - i);
    current[0] = i;
    for (let j = 1; j <= width; j++) {
      const substitution = previous[j - 1] + (text.charCodeAt(end - j) === code ? 0 : 1);
      const a = previous[j] + 1;
      const b = current[j - 1] + 1;
      current[j] = substitution < a ? (substitution < b ? substitution : b) : a < b ? a : b;
    }
    [previous, current] = [current, previous];
  }
  let bestLength = m <= width ? m : width;
  for (let j = 0; j <= width; j++) {
    const better = previous[j] < previous[bestLength];
    const asGoodButCloser =
      previous[j] === previous[bestLength] && Math.abs(j - m) < Math.abs(bestLength - m);
    if (better || asGoodButCloser) bestLength = j;
  }
  return { start: end - bestLength, errors: previous[bestLength] };
}

const QUOTE_WEIGHT = 50;
const CONTEXT_WEIGHT = 20;
const POSITION_WEIGHT = 2;
const MAX_EXACT_CANDIDATES = 2000;
const MAX_FUZZY_CANDIDATES = 8;
/** Characters searched on each side of the expected position before scanning everything. */
const NEIGHBOURHOOD = 4000;
/** A nearby fuzzy match at least this good (0..1) ends the search early. */
const GOOD_NEARBY_SCORE = 0.8;
/** The fuzzy search gives up on quotes longer than this (the start search is quadratic). */
const MAX_FUZZY_QUOTE = 4000;

function contextScore(expected, actual) {
  if (!expected.length) return 1;
  return 1 - editDistance(expected, actual) / expected.length;
}

function scoreCandidate(text, selector, start, end, errors) {
  const { quote, prefix, suffix, hint } = selector;
  const quoteScore = 1 - errors / quote.length;
  const prefixScore = contextScore(prefix, text.slice(Math.max(0, start - prefix.length), start));
  const suffixScore = contextScore(suffix, text.slice(end, end + suffix.length));
  const positionScore =
    typeof hint === "number" && text.length ? 1 - Math.abs(start - hint) / text.length : 1;
  const total =
    QUOTE_WEIGHT * quoteScore +
    CONTEXT_WEIGHT * prefixScore +
    CONTEXT_WEIGHT * suffixScore +
    POSITION_WEIGHT * positionScore;
  return total / (QUOTE_WEIGHT + 2 * CONTEXT_WEIGHT + POSITION_WEIGHT);
}

/**
 * Locates a quote in compact text.
 *
 * @param {string} text compact text to search
 * @param {{quote: string, prefix?: string, suffix?: string, hint?: number}} selector
 *   compact quote and contexts; `hint` is the expected start (compact index)
 * @returns {{start: number, end: number, exact: boolean, score: number} | null}
 */
export function anchor(text, selector) {
  const quote = selector.quote || "";
  if (!quote.length || !text.length) return null;
  const normalized = {
    quote,
    prefix: selector.prefix || "",
    suffix: selector.suffix || "",
    hint: selector.hint,
  };

  let best = null;
  const consider = (start, end, errors, exact) => {
    const score = scoreCandidate(text, normalized, start, end, errors);
    if (!best || score > best.score) best = { start, end, exact, score };
  };

  // 1. Exact occurrences; the context and the expected position break ties.
  let found = 0;
  for (let at = text.indexOf(quote); at >= 0; at = text.indexOf(quote, at + 1)) {
    consider(at, at + quote.length, 0, true);
    if (++found >= MAX_EXACT_CANDIDATES) break;
  }
  if (best) return best;

  // 2. Approximate: allow up to a quarter of the quote to differ (at most 64 edits). Edits are
  //    usually local, so look near the expected position first: a long article costs ~40 ms
  //    per quote to scan whole, the neighbourhood well under 1 ms.
  if (quote.length > MAX_FUZZY_QUOTE) return null;
  const maxErrors = Math.min(64, Math.floor(quote.length / 4));
  if (maxErrors < 1) return null;
  const fuzzyIn = (from, to) => {
    const ends = approximateEnds(text.slice(from, to), quote, maxErrors);
    for (const { end } of ends.slice(0, MAX_FUZZY_CANDIDATES)) {
      const match = approximateStart(text, quote, from + end, maxErrors);
      if (match.errors <= maxErrors && from + end > match.start) {
        consider(match.start, from + end, match.errors, false);
      }
    }
  };
  if (typeof normalized.hint === "number") {
    const reach = Math.max(NEIGHBOURHOOD, 4 * quote.length);
    const from = Math.max(0, normalized.hint - reach);
    const to = Math.min(text.length, normalized.hint + quote.length + reach);
    fuzzyIn(from, to);
    // Settle for a nearby match only when quote and context agree well; else scan it all.
    if ((best && best.score >= GOOD_NEARBY_SCORE) || (from === 0 && to === text.length)) {
      return best;
    }
  }
  fuzzyIn(0, text.length);
  return best;
}
