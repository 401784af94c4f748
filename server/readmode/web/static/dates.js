/**
 * Formats <time datetime="…" data-format="date|relative"> elements in the reader's own
 * locale. The server renders a plain YYYY-MM-DD first, so the page is readable without JS.
 */

const DAY = 24 * 60 * 60 * 1000;

function parse(value) {
  if (!value) return null;
  // A bare date ("2024-03-05") is a calendar day, not midnight UTC: keep it local.
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = dateOnly
    ? new Date(Number(dateOnly[1]), Number(dateOnly[2]) - 1, Number(dateOnly[3]))
    : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

const longDate = new Intl.DateTimeFormat(undefined, {
  year: "numeric",
  month: "long",
  day: "numeric",
});
const shortDate = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" });
const shortDateWithYear = new Intl.DateTimeFormat(undefined, {
  year: "numeric",
  month: "short",
  day: "numeric",
});
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });

/** "5 March 2024" (in the reader's locale). */
export function formatDate(value) {
  const date = parse(value);
  return date ? longDate.format(date) : value;
}

/** "today", "yesterday", "3 days ago", then "Mar 5" / "Mar 5, 2023". */
export function formatRelative(value, now = new Date()) {
  const date = parse(value);
  if (!date) return value;
  const startOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const days = Math.floor(
    (startOfToday - new Date(date.getFullYear(), date.getMonth(), date.getDate())) / DAY,
  );
  if (days >= 0 && days < 7) return relative.format(-days, "day");
  return date.getFullYear() === now.getFullYear()
    ? shortDate.format(date)
    : shortDateWithYear.format(date);
}

/** Rewrites every formatted <time> under `root`, keeping the exact value as a tooltip. */
export function formatTimes(root = document) {
  for (const element of root.querySelectorAll("time[datetime][data-format]")) {
    const value = element.getAttribute("datetime");
    const date = parse(value);
    if (!date) continue;
    element.textContent =
      element.dataset.format === "relative" ? formatRelative(value) : formatDate(value);
    element.title = date.toLocaleString();
  }
}
