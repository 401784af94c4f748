/** Positioning for the small floating panels (selection toolbar, highlight popover). */

const GAP = 10;
const MARGIN = 8;

/**
 * Shows `element` (position: absolute, in the document's coordinate space) centred above
 * `rect` — or below it when there is no room above, under the sticky top bar.
 * @param {HTMLElement} element
 * @param {DOMRect} rect a viewport rectangle, e.g. a Range's bounding box
 */
export function placeNear(element, rect) {
  element.hidden = false;
  const width = element.offsetWidth;
  const height = element.offsetHeight;
  const topbar = document.querySelector(".topbar")?.getBoundingClientRect().bottom ?? 0;
  const fitsAbove = rect.top - height - GAP > topbar + MARGIN;
  const top = fitsAbove ? rect.top - height - GAP : rect.bottom + GAP;
  const viewportWidth = document.documentElement.clientWidth;
  const centre = rect.left + rect.width / 2;
  const left = Math.max(MARGIN, Math.min(centre - width / 2, viewportWidth - width - MARGIN));
  // CSSOM writes are allowed by the page's CSP; style attributes in markup are not.
  element.style.top = `${Math.round(top + window.scrollY)}px`;
  element.style.left = `${Math.round(left + window.scrollX)}px`;
  element.dataset.placement = fitsAbove ? "above" : "below";
}

/**
 * Where to attach a panel to a range: its first visible line box, so a toolbar for a long
 * selection sits where the selection starts rather than in the middle of the paragraph.
 */
export function rangeRect(range) {
  const first = Array.from(range.getClientRects()).find((r) => r.width > 0 && r.height > 0);
  return first || range.getBoundingClientRect();
}
