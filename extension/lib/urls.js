/**
 * Which pages the extension may read.
 *
 * Browsers refuse to let extensions script their own UI pages, other extensions, the web stores
 * and (without an explicit user opt-in) local files. Trying anyway ends in a cryptic
 * `executeScript` rejection, so the handlers check the URL first and explain the rule instead.
 */

/** Schemes that no extension can script, in any browser. */
const RESTRICTED_SCHEMES = new Set([
  "about:",
  "brave:",
  "chrome:",
  "chrome-devtools:",
  "chrome-extension:",
  "chrome-search:",
  "chrome-untrusted:",
  "data:",
  "devtools:",
  "edge:",
  "javascript:",
  "moz-extension:",
  "opera:",
  "resource:",
  "safari-web-extension:",
  "view-source:",
  "vivaldi:",
]);

/**
 * Hosts where browsers block content scripts: the extension galleries (Chrome, Edge) and the
 * Mozilla sites Firefox protects. Paths are prefixes; "" means the whole host.
 */
const RESTRICTED_HOSTS = [
  { host: "chromewebstore.google.com", path: "" },
  { host: "chrome.google.com", path: "/webstore" },
  { host: "microsoftedge.microsoft.com", path: "/addons" },
  { host: "addons.mozilla.org", path: "" },
  { host: "accounts.firefox.com", path: "" },
  { host: "support.mozilla.org", path: "" },
];

/** Why a page can't be read; `null` when it can. */
export const Restriction = Object.freeze({
  BROWSER_PAGE: "browser_page",
  FILE_ACCESS: "file_access",
  READER_PAGE: "reader_page",
  UNKNOWN_PAGE: "unknown_page",
});

/**
 * Classify `url` (a string as found in `tab.url`).
 *
 * @param {string | undefined} url
 * @param {{ fileAccessAllowed?: boolean, serverUrl?: string }} [context]
 *   `fileAccessAllowed`: the user ticked "Allow access to file URLs" for the extension.
 *   `serverUrl`: the readmode server; its own pages are already reader views.
 * @returns {string | null} one of {@link Restriction}, or null when the page is readable.
 */
export function restrictionFor(url, { fileAccessAllowed = false, serverUrl } = {}) {
  if (!url) {
    // Browsers hide the URL of pages the extension has no access to (e.g. chrome://version
    // without the "tabs" permission); executeScript would fail on them too.
    return Restriction.UNKNOWN_PAGE;
  }
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return Restriction.UNKNOWN_PAGE;
  }
  if (RESTRICTED_SCHEMES.has(parsed.protocol)) {
    return Restriction.BROWSER_PAGE;
  }
  if (parsed.protocol === "file:") {
    return fileAccessAllowed ? null : Restriction.FILE_ACCESS;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    return Restriction.BROWSER_PAGE;
  }
  const host = parsed.hostname.toLowerCase();
  for (const rule of RESTRICTED_HOSTS) {
    if (host === rule.host && parsed.pathname.startsWith(rule.path)) {
      return Restriction.BROWSER_PAGE;
    }
  }
  if (serverUrl && isServerPage(parsed, serverUrl)) {
    return Restriction.READER_PAGE;
  }
  return null;
}

/** True when `url` is a page served by the readmode server itself. */
function isServerPage(parsed, serverUrl) {
  let server;
  try {
    server = new URL(serverUrl);
  } catch {
    return false;
  }
  const loopback = (name) => ["127.0.0.1", "localhost", "[::1]"].includes(name);
  return (
    parsed.port === server.port &&
    parsed.protocol === server.protocol &&
    (parsed.hostname === server.hostname ||
      (loopback(parsed.hostname) && loopback(server.hostname)))
  );
}
