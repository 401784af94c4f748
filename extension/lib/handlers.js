/**
 * Everything the extension does, as a table of handlers: `type → async (message, sender)`.
 *
 * background.js only wires browser events to {@link dispatch}; the handlers get the browser API,
 * `fetch` and storage injected, so unit tests drive them with fakes and the e2e test calls them
 * through the service worker (`readmode.run(...)`). The tab plumbing they share (injecting,
 * badge, toast, painting) is in tabs.js.
 *
 * All server calls happen here, in the service worker: content scripts only read the page.
 */

import "./anchor.js";
import { createApiClient } from "./api.js";
import { captureSelection, pageLocation } from "./capture.js";
import { ErrorKind, ReadmodeError, toReadmodeError } from "./errors.js";
import { CONTENT_SCRIPT_MESSAGES, MessageType, Source, failure, success } from "./messages.js";
import { OpenIn, loadSettings, normalizeServerUrl } from "./settings.js";
import { createTabTools } from "./tabs.js";
import { restrictionFor } from "./urls.js";

const anchor = globalThis.readmodeAnchor;

export const MenuId = Object.freeze({
  OPEN_READER: "readmode-open-reader",
  SAVE_HIGHLIGHT: "readmode-save-highlight",
});

export const Command = Object.freeze({ OPEN_READER: "open-reader" });

export const AUTO_PAINT_SCRIPT_ID = "readmode-auto-paint";
/** The optional permission that lets the auto-paint content script run on every site. */
export const ALL_SITES = Object.freeze({ origins: ["<all_urls>"] });
/** The manifest's host_permissions: where the server may be. Firefox lets users withhold them. */
export const SERVER_ACCESS = Object.freeze({
  origins: ["http://127.0.0.1/*", "http://localhost/*"],
});
/** Pages where menus and auto-paint make sense (extensions can't read the others). */
const WEB_PAGES = ["http://*/*", "https://*/*"];

/**
 * @param {{ browser: any, fetch: typeof fetch, storage: { get: Function, set: Function },
 *           sleep?: (ms: number) => Promise<void>,
 *           timers?: { setTimeout: Function } }} deps
 * @returns {Record<string, (message: object, sender?: object, options?: object) => Promise<object>>}
 */
export function createHandlers({ browser, fetch, storage, sleep, timers = globalThis }) {
  const { resolveTab, checkReadable, inject, report, toast, capturePage, paintOnPage } =
    createTabTools({ browser, timers });

  async function connect() {
    const settings = await loadSettings(storage);
    const api = createApiClient({
      fetch,
      serverUrl: settings.serverUrl,
      token: settings.token,
      sleep,
    });
    return { settings, api };
  }

  /**
   * A failed connection is "not running", unless the user withheld the permission to reach the
   * server (possible in Firefox), which fails the same way but needs a different fix.
   */
  async function explain(caught) {
    const error = toReadmodeError(caught);
    if (error.kind !== ErrorKind.NOT_RUNNING) {
      return error;
    }
    const granted = await Promise.resolve(browser.permissions.contains(SERVER_ACCESS)).catch(
      () => true,
    );
    return granted
      ? error
      : new ReadmodeError(ErrorKind.NO_SERVER_ACCESS, undefined, { cause: error });
  }

  /**
   * Run `work` for a tab with progress reporting: badge "…" while working, "!" plus the message
   * on failure (and an in-page notice when no extension UI shows it), cleared on success.
   */
  async function withProgress(tab, message, startText, work) {
    await report(tab.id, "working", startText);
    try {
      return await work();
    } catch (caught) {
      const error = await explain(caught);
      await report(tab.id, "error", error.message);
      if (message.source === Source.MENU || message.source === Source.COMMAND) {
        await toast(tab.id, error.message, "error");
      }
      throw error;
    }
  }

  /** The saved article for the tab's page, or null when it isn't saved. */
  async function findSavedArticle(api, tabId) {
    const url = await inject(tabId, { func: pageLocation });
    const { articles } = await api.listArticles({ url, limit: 1 });
    return articles?.[0] ?? null;
  }

  function paintSummary(total, result) {
    const painted = result?.painted ?? 0;
    if (painted === total) {
      return total === 1 ? "Showing 1 highlight." : `Showing ${total} highlights.`;
    }
    const missing = total - painted;
    return (
      `Showing ${painted} of ${total} highlights: ${missing} ` +
      `${missing === 1 ? "isn't" : "aren't"} on this page any more.`
    );
  }

  const handlers = {
    async [MessageType.OPEN_READER](message, sender) {
      const tab = await resolveTab(message, sender);
      return withProgress(tab, message, "Reading the page…", async () => {
        const { settings, api } = await connect();
        await checkReadable(tab, settings.serverUrl);
        const page = await capturePage(tab.id);
        await report(tab.id, "working", "Saving the article…");
        const article = await api.saveArticle(page);
        const readerUrl = await api.pageUrl(article.reader_url ?? `/read/${article.id}`);
        if (settings.openIn === OpenIn.NEW_TAB) {
          await browser.tabs.create({
            url: readerUrl,
            index: tab.index + 1,
            openerTabId: tab.id,
            active: true,
          });
        } else {
          await browser.tabs.update(tab.id, { url: readerUrl });
        }
        await report(tab.id, "done", `Saved “${article.title}”.`);
        return { article: { id: article.id, title: article.title }, readerUrl };
      });
    },

    async [MessageType.SAVE_HIGHLIGHT](message, sender) {
      const tab = await resolveTab(message, sender);
      const result = await withProgress(
        tab,
        { ...message, source: message.source ?? Source.MENU },
        "Saving the highlight…",
        async () => {
          const { settings, api } = await connect();
          await checkReadable(tab, settings.serverUrl);
          let quote = await inject(
            tab.id,
            { func: captureSelection, args: [anchor.CONTEXT_LENGTH] },
            message.frameId ?? 0,
          );
          if (!quote && message.selectionText?.trim()) {
            quote = { exact: message.selectionText, prefix: "", suffix: "" };
          }
          if (!quote) {
            throw new ReadmodeError(ErrorKind.NO_SELECTION);
          }
          const page = await capturePage(tab.id);
          const article = await api.saveArticle(page);
          const match = anchor.locateQuote(article.text ?? "", quote);
          if (!match) {
            throw new ReadmodeError(ErrorKind.QUOTE_NOT_FOUND);
          }
          const highlight = await api.createHighlight({
            article_id: article.id,
            ...anchor.quoteSelector(article.text, match.start, match.end),
            color: message.color ?? "yellow",
          });
          return { highlight, article: { id: article.id, title: article.title }, api };
        },
      );
      const { highlight, article, api } = result;
      await report(tab.id, "saved", "Highlight saved.");
      await toast(tab.id, "Highlight saved in readmode.", "ok");
      // Show it (and the others) on the page straight away; the save already succeeded, so a
      // painting problem is not worth an error.
      try {
        const { highlights } = await api.listHighlights(article.id);
        await paintOnPage(tab.id, highlights);
      } catch {
        // Nothing to do: "Show my highlights here" will report it if it persists.
      }
      return { highlight, article };
    },

    async [MessageType.SHOW_HIGHLIGHTS](message, sender) {
      const tab = await resolveTab(message, sender);
      return withProgress(tab, message, "Looking up your highlights…", async () => {
        const { settings, api } = await connect();
        await checkReadable(tab, settings.serverUrl);
        const article = await findSavedArticle(api, tab.id);
        if (!article) {
          throw new ReadmodeError(ErrorKind.NOT_SAVED);
        }
        const { highlights } = await api.listHighlights(article.id);
        if (highlights.length === 0) {
          const text = "You haven't highlighted anything on this page yet.";
          await report(tab.id, "done", text);
          return { painted: 0, missing: [], message: text };
        }
        const result = await paintOnPage(tab.id, highlights);
        const text = paintSummary(highlights.length, result);
        await report(tab.id, "done", text);
        return { ...result, message: text };
      });
    },

    /** Quiet version of SHOW_HIGHLIGHTS for the content script: no badge, no errors shown. */
    async [MessageType.AUTO_PAINT](message, sender) {
      const tab = sender?.tab;
      if (!tab) {
        return { painted: 0 };
      }
      const { settings, api } = await connect();
      if (
        !settings.autoPaint ||
        !settings.token ||
        restrictionFor(tab.url, { serverUrl: settings.serverUrl })
      ) {
        return { painted: 0 };
      }
      try {
        const article = await findSavedArticle(api, tab.id);
        if (!article || !article.highlight_count) {
          return { painted: 0 };
        }
        const { highlights } = await api.listHighlights(article.id);
        return await paintOnPage(tab.id, highlights);
      } catch {
        return { painted: 0 };
      }
    },

    async [MessageType.POPUP_STATE]() {
      const { settings, api } = await connect();
      const state = { serverUrl: settings.serverUrl, reachable: false, paired: false, recent: [] };
      try {
        const health = await api.health();
        state.reachable = true;
        state.version = health?.version;
      } catch (error) {
        return { ...state, message: (await explain(error)).message };
      }
      try {
        await api.ping();
        state.paired = true;
        const { articles } = await api.listArticles({ limit: 5 });
        state.recent = (articles ?? []).map(({ id, title, site_name, url, highlight_count }) => ({
          id,
          title,
          site_name,
          url,
          highlight_count,
        }));
      } catch (error) {
        state.message = toReadmodeError(error).message;
      }
      return state;
    },

    /** Search highlights (the popup calls this directly, with an AbortSignal per keystroke). */
    async search({ query }, _sender, { signal } = {}) {
      const q = String(query ?? "").trim();
      if (!q) {
        return { total: 0, results: [], articles: [] };
      }
      const { api } = await connect();
      const body = await api.search(q, { signal, limit: 8 });
      return {
        total: body.total ?? 0,
        results: (body.results ?? []).map(({ highlight, article, snippet }) => ({
          highlightId: highlight.id,
          articleId: article.id,
          title: article.title || article.url,
          site: article.site_name || hostOf(article.url),
          color: highlight.color,
          snippet: snippet || highlight.exact,
        })),
        articles: body.articles ?? [],
      };
    },

    async [MessageType.OPEN_ARTICLE]({ articleId, highlightId }) {
      const { api } = await connect();
      const fragment = highlightId ? `#h-${highlightId}` : "";
      const url = await api.pageUrl(`/read/${Number(articleId)}`, fragment);
      await browser.tabs.create({ url, active: true });
      return { url };
    },

    async [MessageType.OPEN_SEARCH_PAGE]({ query }) {
      const { api } = await connect();
      const path = query ? `/search?${new URLSearchParams({ q: query })}` : "/search";
      const url = await api.pageUrl(path);
      await browser.tabs.create({ url, active: true });
      return { url };
    },

    /** Check an address + token the user is typing in Options, without saving them. */
    async [MessageType.CHECK_PAIRING]({ serverUrl, token }) {
      const api = createApiClient({
        fetch,
        serverUrl: normalizeServerUrl(serverUrl),
        token: String(token ?? "").trim(),
        sleep,
      });
      try {
        const health = await api.health();
        await api.ping();
        return { version: health?.version ?? "" };
      } catch (error) {
        throw await explain(error);
      }
    },

    /** Register the auto-paint content script exactly when it's enabled AND permitted. */
    async [MessageType.SYNC_AUTO_PAINT]() {
      const settings = await loadSettings(storage);
      const permitted = await browser.permissions.contains(ALL_SITES);
      const wanted = Boolean(settings.autoPaint && permitted);
      const registered = await browser.scripting.getRegisteredContentScripts({
        ids: [AUTO_PAINT_SCRIPT_ID],
      });
      if (wanted && registered.length === 0) {
        await browser.scripting.registerContentScripts([
          {
            id: AUTO_PAINT_SCRIPT_ID,
            matches: WEB_PAGES,
            js: ["content/auto-paint.js"],
            runAt: "document_idle",
            persistAcrossSessions: true,
          },
        ]);
      } else if (!wanted && registered.length > 0) {
        await browser.scripting.unregisterContentScripts({ ids: [AUTO_PAINT_SCRIPT_ID] });
      }
      return { autoPaint: wanted };
    },

    /** On install/update: (re)create the context menus, sync auto-paint. */
    async install() {
      await browser.contextMenus.removeAll();
      browser.contextMenus.create({
        id: MenuId.OPEN_READER,
        title: "Open in reader view",
        contexts: ["page", "frame"],
        documentUrlPatterns: WEB_PAGES,
      });
      browser.contextMenus.create({
        id: MenuId.SAVE_HIGHLIGHT,
        title: "Save highlight",
        contexts: ["selection"],
        documentUrlPatterns: WEB_PAGES,
      });
      await handlers[MessageType.SYNC_AUTO_PAINT]();
      return {};
    },
  };
  return handlers;
}

function hostOf(url) {
  try {
    return new URL(url).hostname;
  } catch {
    return "";
  }
}

/** The request for a context-menu click, or null for menus that aren't ours. */
export function messageForMenuClick(info, tab) {
  const base = { tabId: tab?.id, frameId: info.frameId ?? 0, source: Source.MENU };
  if (info.menuItemId === MenuId.OPEN_READER) {
    return { type: MessageType.OPEN_READER, ...base };
  }
  if (info.menuItemId === MenuId.SAVE_HIGHLIGHT) {
    return { type: MessageType.SAVE_HIGHLIGHT, selectionText: info.selectionText, ...base };
  }
  return null;
}

/** The request for a keyboard command, or null for commands that aren't ours. */
export function messageForCommand(command, tab) {
  if (command === Command.OPEN_READER) {
    return { type: MessageType.OPEN_READER, tabId: tab?.id, source: Source.COMMAND };
  }
  return null;
}

/**
 * Run the handler for `message` and wrap the outcome as `{ok, ...}` (see messages.js).
 *
 * @param {object} handlers from {@link createHandlers}
 * @param {{ type: string }} message
 * @param {{ tab?: object, url?: string, id?: string }} [sender]
 * @param {{ extensionOrigin?: string }} [context] requests from anything that isn't one of the
 *   extension's own pages (i.e. content scripts in web pages) may only use
 *   CONTENT_SCRIPT_MESSAGES.
 */
export async function dispatch(handlers, message, sender = {}, { extensionOrigin } = {}) {
  const type = message?.type;
  const handler = typeof type === "string" && Object.hasOwn(handlers, type) ? handlers[type] : null;
  if (!handler || type === MessageType.STATUS) {
    return failure(new ReadmodeError(ErrorKind.UNEXPECTED, `Unknown request “${type}”.`));
  }
  const fromExtensionPage =
    !extensionOrigin || (typeof sender.url === "string" && sender.url.startsWith(extensionOrigin));
  if (!fromExtensionPage && !CONTENT_SCRIPT_MESSAGES.has(type)) {
    return failure(new ReadmodeError(ErrorKind.FORBIDDEN, "Web pages can't make that request."));
  }
  try {
    return success(await handler(message, sender));
  } catch (error) {
    return failure(toReadmodeError(error));
  }
}
