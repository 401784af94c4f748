/**
 * The messages extension pages and content scripts send to the service worker
 * (`runtime.sendMessage({type, ...})`), and the replies they get back.
 *
 * Every reply is `{ok: true, ...result}` or `{ok: false, error: {kind, message}}`; the sender
 * shows `error.message` as is.
 */

export const MessageType = Object.freeze({
  /** Capture the tab, save it, open the reader view. `{tabId?, source?}` */
  OPEN_READER: "open-reader",
  /** Save the tab's selection as a highlight. `{tabId?, frameId?, selectionText?, source?}` */
  SAVE_HIGHLIGHT: "save-highlight",
  /** Paint the saved highlights of the tab's page on it. `{tabId?}` */
  SHOW_HIGHLIGHTS: "show-highlights",
  /** From the auto-paint content script when a page has loaded (no payload). */
  AUTO_PAINT: "auto-paint",
  /** Connection state and recent articles, for the popup. */
  POPUP_STATE: "popup-state",
  /** Open a saved article's reader view, optionally at a highlight. `{articleId, highlightId?}` */
  OPEN_ARTICLE: "open-article",
  /** Open the server's search page. `{query?}` */
  OPEN_SEARCH_PAGE: "open-search-page",
  /** Check a server address + token before saving them. `{serverUrl, token}` */
  CHECK_PAIRING: "check-pairing",
  /** Register/unregister the auto-paint content script to match settings and permissions. */
  SYNC_AUTO_PAINT: "sync-auto-paint",
  /** Broadcast by the service worker while it works: `{tabId, state, message}`. */
  STATUS: "status",
});

/** The only request a content script may send: pages must not drive the extension. */
export const CONTENT_SCRIPT_MESSAGES = new Set([MessageType.AUTO_PAINT]);

/** Where a request came from; decides whether to show an in-page notice. */
export const Source = Object.freeze({
  POPUP: "popup",
  MENU: "menu",
  COMMAND: "command",
  TEST: "test",
});

export function success(result = {}) {
  return { ok: true, ...result };
}

export function failure(error) {
  return { ok: false, error: { kind: error.kind, message: error.message } };
}
