/**
 * Paint saved highlights on the live page (injected after anchor.js with
 * `scripting.executeScript({files})`; classic script, publishes `globalThis.readmodePaint`).
 *
 * Prefers the CSS Custom Highlight API: ranges registered in `CSS.highlights` are drawn by the
 * browser without changing the page's DOM, so the page's own scripts never notice. Where it's
 * missing (older Firefox), falls back to wrapping the text in `<mark>` elements.
 * The colours come from the stylesheet the service worker inserts (PAINT_CSS in tabs.js).
 */
(() => {
  "use strict";

  const NAME_PREFIX = "readmode-";
  const MARK_CLASS = "readmode-highlight";
  const SKIPPED = "script, style, noscript, template, textarea, select, #readmode-toast-host";
  /** Elements that start a new line of text: a virtual "\n" separates their text. */
  const BLOCKS = new Set(
    (
      "ADDRESS ARTICLE ASIDE BLOCKQUOTE BODY BR DD DETAILS DIV DL DT FIGCAPTION FIGURE FOOTER " +
      "FORM H1 H2 H3 H4 H5 H6 HEADER HR LI MAIN NAV OL P PRE SECTION SUMMARY TABLE TD TH TR UL"
    ).split(" "),
  );

  function blockOf(node) {
    let element = node.parentElement;
    while (element && !BLOCKS.has(element.tagName)) {
      element = element.parentElement;
    }
    return element;
  }

  /**
   * The visible text of `root` as one string, plus where each text node sits in it.
   *
   * @returns {{ text: string, segments: { node: Text, start: number }[] }}
   */
  function pageText(root) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: (node) =>
        node.parentElement?.closest(SKIPPED) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
    });
    const parts = [];
    const segments = [];
    let length = 0;
    let previousBlock = null;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const block = blockOf(node);
      if (segments.length > 0 && block !== previousBlock) {
        parts.push("\n");
        length += 1;
      }
      previousBlock = block;
      segments.push({ node, start: length });
      parts.push(node.data);
      length += node.data.length;
    }
    return { text: parts.join(""), segments };
  }

  /** Index of the last segment starting at or before `offset` (binary search). */
  function segmentAt(segments, offset) {
    let low = 0;
    let high = segments.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (segments[middle].start <= offset) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    return low;
  }

  /**
   * The text-node pieces covering [start, end) of the page text, in document order.
   *
   * @returns {{ node: Text, from: number, to: number }[]}
   */
  function piecesFor(segments, start, end) {
    const pieces = [];
    for (let i = segmentAt(segments, start); i < segments.length; i += 1) {
      const { node, start: segmentStart } = segments[i];
      if (segmentStart >= end) {
        break;
      }
      const from = Math.max(0, start - segmentStart);
      const to = Math.min(node.data.length, end - segmentStart);
      if (to > from) {
        pieces.push({ node, from, to });
      }
    }
    return pieces;
  }

  /** Remove everything a previous paint added. */
  function clear() {
    if (globalThis.CSS?.highlights) {
      for (const name of [...CSS.highlights.keys()]) {
        if (String(name).startsWith(NAME_PREFIX)) {
          CSS.highlights.delete(name);
        }
      }
    }
    for (const mark of document.querySelectorAll(`mark.${MARK_CLASS}`)) {
      mark.replaceWith(...mark.childNodes);
    }
    document.body?.normalize();
  }

  /** Paint with CSS.highlights: one Highlight per colour, holding one Range per piece. */
  function paintWithHighlightApi(located) {
    const byColor = new Map();
    for (const { highlight, pieces } of located) {
      const name = NAME_PREFIX + (highlight.color || "yellow");
      if (!byColor.has(name)) {
        byColor.set(name, new Highlight());
      }
      for (const { node, from, to } of pieces) {
        const range = new Range();
        range.setStart(node, from);
        range.setEnd(node, to);
        byColor.get(name).add(range);
      }
    }
    for (const [name, highlight] of byColor) {
      CSS.highlights.set(name, highlight);
    }
  }

  /** Fallback: wrap each piece in a <mark> (changes the page's DOM; only when there's no API). */
  function paintWithMarks(located) {
    const byNode = new Map();
    for (const { highlight, pieces } of located) {
      for (const { node, from, to } of pieces) {
        if (!byNode.has(node)) {
          byNode.set(node, []);
        }
        byNode.get(node).push({ from, to, highlight });
      }
    }
    for (const [node, pieces] of byNode) {
      // Right to left: splitting at a later offset leaves the earlier offsets of `node` valid.
      pieces.sort((a, b) => b.from - a.from);
      let limit = node.data.length;
      for (const { from, to, highlight } of pieces) {
        const end = Math.min(to, limit); // overlapping highlights: the earlier one is clipped
        if (end <= from) {
          continue;
        }
        limit = from;
        const middle = node.splitText(from);
        middle.splitText(end - from);
        const mark = document.createElement("mark");
        mark.className = MARK_CLASS;
        mark.dataset.color = highlight.color || "yellow";
        mark.dataset.readmodeId = String(highlight.id);
        middle.replaceWith(mark);
        mark.append(middle);
      }
    }
  }

  /**
   * Find and paint `highlights` (api.md Highlight objects) on this page.
   *
   * @returns {{ painted: number, missing: number[], method: "highlight-api" | "marks" }}
   */
  function paint(highlights) {
    clear();
    const { text, segments } = pageText(document.body ?? document.documentElement);
    const located = [];
    const missing = [];
    for (const highlight of highlights) {
      const match = globalThis.readmodeAnchor.locateQuote(text, highlight);
      const pieces = match ? piecesFor(segments, match.start, match.end) : [];
      if (pieces.length > 0) {
        located.push({ highlight, pieces });
      } else {
        missing.push(highlight.id);
      }
    }
    const useApi = Boolean(globalThis.CSS?.highlights) && typeof Highlight === "function";
    if (useApi) {
      paintWithHighlightApi(located);
    } else {
      paintWithMarks(located);
    }
    return { painted: located.length, missing, method: useApi ? "highlight-api" : "marks" };
  }

  globalThis.readmodePaint = Object.freeze({ paint, clear, pageText, piecesFor });
})();
