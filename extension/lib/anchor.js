/**
 * Anchoring: find a quote (exact text + a little context before and after) in a text, and
 * convert between JavaScript's UTF-16 indices and the server's code-point offsets.
 *
 * Used twice: by the service worker, to turn a selection on the live page into offsets into the
 * saved article's text, and by the page painter, to find saved highlights in the live page's
 * text. The painter is injected with `scripting.executeScript({files})`, which runs classic
 * scripts, so this file is written to be BOTH a classic script and an ES module: no
 * import/export; it publishes its functions as `globalThis.readmodeAnchor`, inside an IIFE so a
 * second injection into the same page doesn't redeclare anything. ES modules load it with
 * `import "./anchor.js"` and then read `globalThis.readmodeAnchor`.
 *
 * Matching tries increasingly forgiving comparisons and stops at the first that finds the quote:
 *   1. exact: the quote as is;
 *   2. whitespace: runs of whitespace count as one space (selections and extracted text
 *      disagree about line breaks between paragraphs);
 *   3. loose: whitespace ignored, case folded, typographic quotes/dashes folded, invisible
 *      characters dropped;
 *   4. fuzzy: the quote's head and tail found (loose) at about the right distance: survives a
 *      footnote marker or an inline ad removed from the middle.
 * When the quote occurs more than once, the occurrence whose surroundings best agree with the
 * prefix/suffix wins, then the one nearest to `hint` (an expected start index).
 */
(() => {
  "use strict";

  /** How much context is stored on each side of a highlight (code points), as api.md's peers. */
  const CONTEXT_LENGTH = 32;
  /** Cap on occurrences compared; a quote found more often than this is hopeless anyway. */
  const MAX_CANDIDATES = 1000;
  /** The fuzzy tier only applies to quotes long enough for head and tail to be distinctive. */
  const FUZZY_MIN_LENGTH = 24;

  const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/;
  const WHITESPACE = /[\s\u00A0\u2000-\u200A\u202F\u205F\u3000]/;
  const FOLDS = new Map([
    ...[..."\u2018\u2019\u201A\u201B\u2032\u00B4`"].map((c) => [c, "'"]),
    ...[..."\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB"].map((c) => [c, '"']),
    ...[..."\u2010\u2011\u2012\u2013\u2014\u2015\u2212"].map((c) => [c, "-"]),
    ["\u2026", "..."],
  ]);

  /**
   * A normalised copy of `text` plus, for each of its UTF-16 units, the span of `text` it came
   * from, so a match in the copy maps back to the original.
   *
   * @param {string} text
   * @param {"exact" | "whitespace" | "loose"} mode
   * @returns {{ chars: string, starts: number[], ends: number[] }}
   */
  function normalize(text, mode) {
    if (mode === "exact") {
      const starts = new Array(text.length);
      const ends = new Array(text.length);
      for (let i = 0; i < text.length; i += 1) {
        starts[i] = i;
        ends[i] = i + 1;
      }
      return { chars: text, starts, ends };
    }
    let chars = "";
    const starts = [];
    const ends = [];
    let index = 0;
    let pendingSpace = false;
    for (const char of text) {
      const start = index;
      index += char.length;
      if (INVISIBLE.test(char)) {
        continue;
      }
      if (WHITESPACE.test(char)) {
        if (mode === "whitespace" && chars.length > 0 && !pendingSpace) {
          chars += " ";
          starts.push(start);
          ends.push(index);
        }
        pendingSpace = true;
        continue;
      }
      pendingSpace = false;
      let out = char;
      if (mode === "loose") {
        out = FOLDS.get(char) ?? char;
        const lower = out.toLowerCase();
        // Some characters lowercase to a different length (İ → i̇); keep those as they are so
        // indices stay simple.
        if (lower.length === out.length) {
          out = lower;
        }
      }
      for (let i = 0; i < out.length; i += 1) {
        chars += out[i];
        starts.push(start);
        ends.push(index);
      }
    }
    return { chars, starts, ends };
  }

  /** Length of the longest common suffix of a and b. */
  function commonSuffixLength(a, b) {
    let n = 0;
    while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) {
      n += 1;
    }
    return n;
  }

  /** Length of the longest common prefix of a and b. */
  function commonPrefixLength(a, b) {
    let n = 0;
    while (n < a.length && n < b.length && a[n] === b[n]) {
      n += 1;
    }
    return n;
  }

  /** All start indices of `needle` in `haystack` (at most MAX_CANDIDATES). */
  function occurrences(haystack, needle) {
    const found = [];
    let at = haystack.indexOf(needle);
    while (at !== -1 && found.length < MAX_CANDIDATES) {
      found.push(at);
      at = haystack.indexOf(needle, at + 1);
    }
    return found;
  }

  /**
   * Pick the candidate [start, end) (indices into `norm.chars`) whose surroundings agree best
   * with the normalised prefix/suffix; ties go to the one nearest `hint` (an original index).
   */
  function best(candidates, norm, prefix, suffix, hint) {
    let winner = null;
    for (const candidate of candidates) {
      const [start, end] = candidate;
      const before = norm.chars.slice(Math.max(0, start - prefix.length), start);
      const after = norm.chars.slice(end, end + suffix.length);
      const score = commonSuffixLength(before, prefix) + commonPrefixLength(after, suffix);
      const distance =
        typeof hint === "number" ? Math.abs(norm.starts[start] - hint) : Number.POSITIVE_INFINITY;
      if (
        winner === null ||
        score > winner.score ||
        (score === winner.score && distance < winner.distance)
      ) {
        winner = { start, end, score, distance };
      }
    }
    return winner;
  }

  /** Candidates for the fuzzy tier: head and tail of the quote at a plausible distance. */
  function fuzzyCandidates(chars, quote) {
    if (quote.length < FUZZY_MIN_LENGTH) {
      return [];
    }
    const k = Math.min(32, Math.floor(quote.length / 3));
    const head = quote.slice(0, k);
    const tail = quote.slice(quote.length - k);
    const tails = occurrences(chars, tail);
    const candidates = [];
    for (const start of occurrences(chars, head)) {
      for (const tailStart of tails) {
        const end = tailStart + k;
        const span = end - start;
        if (tailStart >= start + k && span >= quote.length * 0.5 && span <= quote.length * 1.5) {
          candidates.push([start, end]);
        }
      }
    }
    return candidates;
  }

  /**
   * Find `quote.exact` in `text`.
   *
   * @param {string} text
   * @param {{ exact: string, prefix?: string, suffix?: string }} quote
   * @param {{ hint?: number }} [options] expected UTF-16 start index, breaks ties
   * @returns {{ start: number, end: number, method: string } | null} UTF-16 indices into `text`
   */
  function locateQuote(text, quote, { hint } = {}) {
    const exact = quote?.exact ?? "";
    if (!text || !exact.trim()) {
      return null;
    }
    for (const mode of ["exact", "whitespace", "loose", "fuzzy"]) {
      const normMode = mode === "fuzzy" ? "loose" : mode;
      const norm = normalize(text, normMode);
      let needle = normalize(exact, normMode).chars;
      if (normMode === "whitespace") {
        needle = needle.trim();
      }
      if (!needle) {
        continue;
      }
      const candidates =
        mode === "fuzzy"
          ? fuzzyCandidates(norm.chars, needle)
          : occurrences(norm.chars, needle).map((start) => [start, start + needle.length]);
      if (candidates.length === 0) {
        continue;
      }
      const prefix = normalize(quote.prefix ?? "", normMode).chars;
      const suffix = normalize(quote.suffix ?? "", normMode).chars;
      const winner = best(candidates, norm, prefix, suffix, hint);
      return {
        start: norm.starts[winner.start],
        end: norm.ends[winner.end - 1],
        method: mode,
      };
    }
    return null;
  }

  /** The code-point offset of UTF-16 index `index` in `text` (Python's str index). */
  function toCodePoints(text, index) {
    let count = 0;
    for (let i = 0; i < index; i += 1) {
      const unit = text.charCodeAt(i);
      // A high surrogate followed by a low one is a single code point.
      if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < index) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          i += 1;
        }
      }
      count += 1;
    }
    return count;
  }

  /** The UTF-16 index of code-point offset `offset` in `text` (clamped to the text). */
  function fromCodePoints(text, offset) {
    let index = 0;
    for (let n = 0; n < offset && index < text.length; n += 1) {
      const unit = text.charCodeAt(index);
      const next = text.charCodeAt(index + 1);
      index += unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
    }
    return index;
  }

  /** Up to `length` code points of `text` before `start` and after `end` (UTF-16 indices). */
  function contextAround(text, start, end, length = CONTEXT_LENGTH) {
    const before = Array.from(text.slice(0, start));
    const after = Array.from(text.slice(end, end + length * 2));
    return {
      prefix: before.slice(Math.max(0, before.length - length)).join(""),
      suffix: after.slice(0, length).join(""),
    };
  }

  /**
   * Everything the server needs for a highlight of `text` between UTF-16 indices start/end:
   * the exact text, its context, and code-point offsets.
   */
  function quoteSelector(text, start, end, length = CONTEXT_LENGTH) {
    return {
      exact: text.slice(start, end),
      ...contextAround(text, start, end, length),
      start: toCodePoints(text, start),
      end: toCodePoints(text, end),
    };
  }

  globalThis.readmodeAnchor = Object.freeze({
    CONTEXT_LENGTH,
    normalize,
    locateQuote,
    toCodePoints,
    fromCodePoints,
    contextAround,
    quoteSelector,
  });
})();
