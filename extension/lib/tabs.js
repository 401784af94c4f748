/**
 * What the handlers do to a tab: find it, check it may be read, inject functions and files,
 * report progress on the toolbar button, show an in-page notice, paint highlights.
 */

import { captureLivePage, showToast } from "./capture.js";
import { ErrorKind, ReadmodeError, restrictedPageError, scriptingError } from "./errors.js";
import { MessageType } from "./messages.js";
import { Restriction, restrictionFor } from "./urls.js";

/** How long the "✓" of a saved highlight stays on the toolbar button. */
const SAVED_BADGE_MS = 8000;

const BADGE = Object.freeze({
  working: { text: "…", color: "#1f3a5f" },
  error: { text: "!", color: "#b3261e" },
  done: { text: "", color: "#2e7d32" },
  saved: { text: "✓", color: "#2e7d32" },
});

/** Colours of painted highlights, matching the reader view's palette. */
const HIGHLIGHT_COLORS = {
  yellow: "rgba(255, 212, 0, 0.45)",
  green: "rgba(76, 175, 80, 0.35)",
  blue: "rgba(66, 133, 244, 0.3)",
  pink: "rgba(236, 64, 122, 0.3)",
  purple: "rgba(149, 117, 205, 0.35)",
};

/** Inserted with scripting.insertCSS (a user stylesheet: the page's CSP doesn't apply). */
export const PAINT_CSS = Object.entries(HIGHLIGHT_COLORS)
  .map(
    ([color, rgba]) =>
      `::highlight(readmode-${color}) { background-color: ${rgba}; }\n` +
      `mark.readmode-highlight[data-color="${color}"] { background-color: ${rgba}; ` +
      "color: inherit; padding: 0; }",
  )
  .join("\n");

/**
 * @param {{ browser: any, timers?: { setTimeout: Function } }} deps
 */
export function createTabTools({ browser, timers = globalThis }) {
  /** Per tab, a counter of badge updates: a delayed clear must not undo a newer state. */
  const badgeVersions = new Map();

  /** The tab a request is about: explicit id, the sender's tab, or the active tab. */
  async function resolveTab(message, sender) {
    if (typeof message.tabId === "number") {
      return browser.tabs.get(message.tabId);
    }
    if (sender?.tab) {
      return sender.tab;
    }
    const [active] = await browser.tabs.query({ active: true, currentWindow: true });
    if (!active) {
      throw new ReadmodeError(ErrorKind.UNEXPECTED, "There is no open tab to read.");
    }
    return active;
  }

  /** Refuse early, with the real reason, on pages no extension may read. */
  async function checkReadable(tab, serverUrl) {
    const fileAccessAllowed = await browser.extension
      ?.isAllowedFileSchemeAccess?.()
      .catch(() => false);
    const restriction = restrictionFor(tab.url, {
      fileAccessAllowed: Boolean(fileAccessAllowed),
      serverUrl,
    });
    // An unknown URL is hidden from us, not necessarily off limits: let executeScript decide.
    if (restriction && restriction !== Restriction.UNKNOWN_PAGE) {
      throw restrictedPageError(restriction);
    }
  }

  /** Run an injected function (or files) in the tab and return the first frame's result. */
  async function inject(tabId, details, frameId = 0) {
    let results;
    try {
      results = await browser.scripting.executeScript({
        target: { tabId, frameIds: [frameId] },
        ...details,
      });
    } catch (error) {
      throw scriptingError(error);
    }
    const [first] = results ?? [];
    if (first?.error) {
      // Firefox reports an exception thrown by the injected code here instead of rejecting.
      throw scriptingError(first.error);
    }
    return first?.result;
  }

  /** Badge + tooltip on the tab, and a status message for the popup if it is open. */
  async function report(tabId, state, message) {
    const badge = BADGE[state];
    const action = browser.action;
    const version = (badgeVersions.get(tabId) ?? 0) + 1;
    badgeVersions.set(tabId, version);
    if (state === "saved") {
      timers.setTimeout(() => {
        if (badgeVersions.get(tabId) === version) {
          badgeVersions.delete(tabId);
          Promise.resolve(action.setBadgeText({ tabId, text: "" })).catch(() => {});
        }
      }, SAVED_BADGE_MS);
    }
    await Promise.allSettled([
      action.setBadgeText({ tabId, text: badge.text }),
      action.setBadgeBackgroundColor({ tabId, color: badge.color }),
      action.setTitle({ tabId, title: message ? `readmode: ${message}` : "readmode" }),
    ]);
    // Nobody listens when the popup is closed: that rejection is expected.
    Promise.resolve(
      browser.runtime.sendMessage({ type: MessageType.STATUS, tabId, state, message }),
    ).catch(() => {});
  }

  /** Best-effort in-page notice (the page may not be scriptable, e.g. a restricted page). */
  async function toast(tabId, message, kind) {
    try {
      await inject(tabId, { func: showToast, args: [message, kind] });
    } catch {
      // The badge and its tooltip still tell the story.
    }
  }

  async function capturePage(tabId) {
    const page = await inject(tabId, { func: captureLivePage });
    if (!page || typeof page.html !== "string") {
      throw new ReadmodeError(ErrorKind.RESTRICTED);
    }
    return page;
  }

  /** Paint `highlights` on the tab's page; resolves with the painter's summary. */
  async function paintOnPage(tabId, highlights) {
    try {
      await browser.scripting.insertCSS({ target: { tabId }, css: PAINT_CSS });
    } catch (error) {
      throw scriptingError(error);
    }
    await inject(tabId, { files: ["lib/anchor.js", "lib/paint.js"] });
    return inject(tabId, {
      func: (items) => globalThis.readmodePaint.paint(items),
      args: [highlights],
    });
  }

  return { resolveTab, checkReadable, inject, report, toast, capturePage, paintOnPage };
}
