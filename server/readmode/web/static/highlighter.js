/**
 * DOM side of highlighting: the article's text as one string, conversion between DOM ranges
 * and offsets in that string, and wrapping/unwrapping offset ranges in <mark> elements.
 *
 * Offsets are UTF-16 indices into the concatenation of every Text node under the root, in
 * document order — exactly what `Range.toString()` produces, so selections and the painted
 * marks agree. Wrapping never changes that text (marks only add elements), so offsets stay
 * valid while highlights are added and removed.
 */

/** Containers in which a stray <mark> around formatting whitespace would be invalid HTML. */
const STRUCTURAL = new Set([
  "TABLE",
  "THEAD",
  "TBODY",
  "TFOOT",
  "TR",
  "COLGROUP",
  "UL",
  "OL",
  "DL",
  "SELECT",
  "PICTURE",
]);

/** The Text nodes under `root`, in document order. */
export function textNodes(root) {
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node);
  return nodes;
}

/** The text of `root` as the offsets in this module see it. */
export function textOf(root) {
  return textNodes(root)
    .map((node) => node.data)
    .join("");
}

/** The offset of a DOM boundary point, clamped to `root`. */
function boundaryOffset(root, container, offset) {
  const whole = root.ownerDocument.createRange();
  whole.selectNodeContents(root);
  const position = whole.comparePoint(container, offset);
  if (position < 0) return 0;
  if (position > 0) return whole.toString().length;
  const before = root.ownerDocument.createRange();
  before.setStart(root, 0);
  before.setEnd(container, offset);
  return before.toString().length;
}

/** [start, end) offsets of `range` within `root`, or null when they do not overlap. */
export function rangeToOffsets(root, range) {
  const start = boundaryOffset(root, range.startContainer, range.startOffset);
  const end = boundaryOffset(root, range.endContainer, range.endOffset);
  return end > start ? [start, end] : null;
}

/** The pieces of Text nodes covered by [start, end): [{node, from, to}]. */
function slicesOf(root, start, end) {
  const slices = [];
  let position = 0;
  for (const node of textNodes(root)) {
    const length = node.data.length;
    const nodeEnd = position + length;
    if (nodeEnd > start && position < end) {
      slices.push({
        node,
        from: Math.max(start - position, 0),
        to: Math.min(end - position, length),
      });
    }
    if (nodeEnd >= end) break;
    position = nodeEnd;
  }
  return slices;
}

/** A DOM Range for [start, end), e.g. to measure where a highlight is on screen. */
export function offsetsToRange(root, start, end) {
  const slices = slicesOf(root, start, end);
  if (!slices.length) return null;
  const range = root.ownerDocument.createRange();
  range.setStart(slices[0].node, slices[0].from);
  const last = slices[slices.length - 1];
  range.setEnd(last.node, last.to);
  return range;
}

/**
 * Wraps [start, end) in marks made by `createMark()`, one per Text node piece, across any
 * element boundaries. Returns the marks in document order (empty when nothing was wrapped).
 */
export function wrapOffsets(root, start, end, createMark) {
  const marks = [];
  for (const { node, from, to } of slicesOf(root, start, end)) {
    const piece = node.data.slice(from, to);
    const parent = node.parentNode;
    if (!parent) continue;
    // Formatting whitespace between block elements: wrapping it would put a <mark> inside a
    // <tr> or <ul>, and it would paint a stray coloured gap.
    if (!piece.trim() && (STRUCTURAL.has(parent.nodeName) || !node.data.trim())) continue;
    let target = node;
    if (to < target.data.length) target.splitText(to);
    if (from > 0) target = target.splitText(from);
    const mark = createMark();
    parent.insertBefore(mark, target);
    mark.appendChild(target);
    marks.push(mark);
  }
  return marks;
}

/** Removes marks, keeping their content, and re-joins the Text nodes they had split. */
export function unwrap(marks) {
  const parents = new Set();
  for (const mark of marks) {
    const parent = mark.parentNode;
    if (!parent) continue;
    while (mark.firstChild) parent.insertBefore(mark.firstChild, mark);
    parent.removeChild(mark);
    parents.add(parent);
  }
  for (const parent of parents) parent.normalize();
}
