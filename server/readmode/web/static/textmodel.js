/**
 * Bridges the two texts a highlight lives in: the server's `article.text` (where highlights
 * are stored, offsets in code points) and the reader's DOM text (where they are painted,
 * offsets in UTF-16 units). Both directions go through `anchor()` on compact text, so a
 * whitespace difference never moves a highlight and a small edit only makes it fuzzy.
 */

import { CodePoints, CompactText, anchor, compact } from "./anchoring.js";

/** Characters of context stored on each side of a quote (the API contract). */
export const CONTEXT_LENGTH = 32;

export class TextModel {
  /**
   * @param {string} serverText the article's plain text from the API
   * @param {string} domText the text of the rendered article content
   */
  constructor(serverText, domText) {
    this.server = new CompactText(serverText);
    this.codePoints = new CodePoints(serverText);
    this.dom = new CompactText(domText);
    // Expected positions are carried across proportionally: cheap, and good enough as a hint.
    this.scale = this.server.length ? this.dom.length / this.server.length : 1;
  }

  /**
   * Where a stored highlight is in the DOM text: [start, end) UTF-16 offsets, or null when
   * it cannot be found (an orphan).
   */
  locate(highlight) {
    const serverStart = this.codePoints.toUtf16(highlight.start);
    const hint = Math.round(this.server.toCompact(serverStart) * this.scale);
    const match = anchor(this.dom.text, {
      quote: compact(highlight.exact),
      prefix: compact(highlight.prefix),
      suffix: compact(highlight.suffix),
      hint,
    });
    return match ? this.dom.toOriginalRange(match.start, match.end) : null;
  }

  /**
   * The selectors to store for DOM text [start, end): `{domRange, selector}` where
   * `selector` has exact/prefix/suffix/start/end against the server text; null when the
   * range holds no visible text.
   */
  describe(domStart, domEnd) {
    const start = this.dom.toCompact(domStart);
    const end = this.dom.toCompact(domEnd);
    if (end <= start) return null;
    const domRange = this.dom.toOriginalRange(start, end);
    const match = anchor(this.server.text, {
      quote: this.dom.text.slice(start, end),
      prefix: this.dom.text.slice(Math.max(0, start - CONTEXT_LENGTH), start),
      suffix: this.dom.text.slice(end, end + CONTEXT_LENGTH),
      hint: Math.round(start / this.scale),
    });
    if (match) {
      const [from, to] = this.server.toOriginalRange(match.start, match.end);
      return { domRange, selector: this.serverSelector(from, to) };
    }
    return { domRange, selector: this.domOnlySelector(domRange, start) };
  }

  /** Selectors for server text [from, to) in UTF-16 units. */
  serverSelector(from, to) {
    const points = this.codePoints;
    return {
      exact: points.text.slice(from, to),
      prefix: points.before(from, CONTEXT_LENGTH),
      suffix: points.after(to, CONTEXT_LENGTH),
      start: points.toCodePoint(from),
      end: points.toCodePoint(to),
    };
  }

  /**
   * The passage is not in the server text at all (e.g. a caption the text extraction left
   * out). Store what the reader saw, at the proportional position: it re-anchors here by its
   * quote, and the server keeps it even if it cannot place it.
   */
  domOnlySelector([from, to], compactStart) {
    const text = this.dom.original;
    const tidy = (value) => value.replace(/\s+/g, " ");
    const exact = tidy(text.slice(from, to)).trim();
    const length = Array.from(exact).length;
    const total = this.codePoints.length;
    const guess = Math.round((compactStart / this.scale / Math.max(1, this.server.length)) * total);
    const start = Math.max(0, Math.min(guess, total - length));
    return {
      exact,
      prefix: Array.from(tidy(text.slice(Math.max(0, from - 2 * CONTEXT_LENGTH), from)))
        .slice(-CONTEXT_LENGTH)
        .join(""),
      suffix: Array.from(tidy(text.slice(to, to + 2 * CONTEXT_LENGTH)))
        .slice(0, CONTEXT_LENGTH)
        .join(""),
      start,
      end: Math.min(total, start + length),
    };
  }
}
