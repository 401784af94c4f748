import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { MESSAGES } from "../lib/errors.js";
import {
  AUTO_PAINT_SCRIPT_ID,
  createHandlers,
  dispatch,
  messageForCommand,
  messageForMenuClick,
  MenuId,
} from "../lib/handlers.js";
import { MessageType, Source } from "../lib/messages.js";
import {
  ARTICLE_TEXT,
  SERVER,
  TOKEN,
  apiError,
  article,
  badgeTexts,
  connectionRefused,
  fakeBrowser,
  fakeFetch,
  happyRoutes,
  json,
  manualTimers,
  memoryStorage,
  pairedStorage,
  recordingSleep,
} from "./fakes.js";

function setup({ routes = happyRoutes(), storage = pairedStorage(), browserOptions = {} } = {}) {
  const browser = fakeBrowser(browserOptions);
  const fetch = fakeFetch(routes);
  const timers = manualTimers();
  const handlers = createHandlers({ browser, fetch, storage, sleep: recordingSleep(), timers });
  const run = (message, sender) => dispatch(handlers, message, sender);
  return { browser, fetch, handlers, run, storage, timers };
}

const openReader = (tabId = 3) => ({ type: MessageType.OPEN_READER, tabId, source: Source.POPUP });

describe("open reader", () => {
  test("captures the page, saves it and opens the reader in the same tab", async () => {
    const { browser, fetch, run } = setup();
    const reply = await run(openReader());
    assert.deepEqual(reply, {
      ok: true,
      article: { id: 7, title: "A headline 😀" },
      readerUrl: `${SERVER}/read/7?code=one-time-code`,
    });
    const [save, code] = fetch.requests;
    assert.equal(save.path, "/api/articles");
    assert.equal(save.headers.Authorization, `Bearer ${TOKEN}`);
    assert.deepEqual(save.body, {
      url: "https://example.com/post",
      html: "<html><body><p>page</p></body></html>",
      title: "Post",
    });
    assert.equal(code.path, "/api/page-codes");
    assert.deepEqual(browser.callsTo("tabs.update"), [
      [3, { url: `${SERVER}/read/7?code=one-time-code` }],
    ]);
    assert.deepEqual(browser.callsTo("tabs.create"), []);
    assert.deepEqual(badgeTexts(browser), ["…", "…", ""]);
    const [capture] = browser.callsTo("executeScript");
    assert.equal(capture[0].func.name, "captureLivePage");
    assert.deepEqual(capture[0].target, { tabId: 3, frameIds: [0] });
  });

  test("opens a new tab next to the page when the option says so", async () => {
    const { browser, run } = setup({ storage: pairedStorage({ openIn: "new-tab" }) });
    const reply = await run(openReader());
    assert.equal(reply.ok, true);
    assert.deepEqual(browser.callsTo("tabs.update"), []);
    assert.deepEqual(browser.callsTo("tabs.create"), [
      [{ url: `${SERVER}/read/7?code=one-time-code`, index: 3, openerTabId: 3, active: true }],
    ]);
  });

  test("without a tab id it reads the sender's tab", async () => {
    const { browser, run } = setup();
    const reply = await run({ type: MessageType.OPEN_READER }, { tab: browser.tab });
    assert.equal(reply.ok, true);
  });

  const FAILURES = [
    ["server not running", { "POST /api/articles": connectionRefused() }, MESSAGES.not_running],
    [
      "token rejected",
      { "POST /api/articles": apiError(401, "unauthorized", "Bad token") },
      MESSAGES.not_paired,
    ],
    [
      "forbidden",
      { "POST /api/articles": apiError(403, "forbidden", "Origin") },
      MESSAGES.forbidden,
    ],
    [
      "not readable",
      {
        "POST /api/articles": apiError(422, "not_readable", "This page is only navigation links."),
      },
      "This page is only navigation links.",
    ],
    [
      "too large",
      { "POST /api/articles": apiError(413, "payload_too_large", "Too big") },
      MESSAGES.too_large,
    ],
    [
      "busy twice",
      { "POST /api/articles": apiError(503, "busy", "Busy", { "Retry-After": "1" }) },
      MESSAGES.busy,
    ],
    [
      "server error",
      { "POST /api/articles": apiError(500, "internal", "Oops") },
      MESSAGES.server_error,
    ],
  ];

  for (const [name, overrides, message] of FAILURES) {
    test(`${name}: clear message, "!" badge, no navigation`, async () => {
      const { browser, run } = setup({ routes: happyRoutes(overrides) });
      const reply = await run(openReader());
      assert.deepEqual(reply.ok, false);
      assert.equal(reply.error.message, message);
      assert.equal(badgeTexts(browser).at(-1), "!");
      const [title] = browser.callsTo("action.setTitle").at(-1);
      assert.equal(title.title, `readmode: ${message}`);
      assert.deepEqual(browser.callsTo("tabs.update"), []);
      assert.deepEqual(browser.callsTo("tabs.create"), []);
    });
  }

  test("busy once: retried after Retry-After and succeeds", async () => {
    const { fetch, run } = setup({
      routes: happyRoutes({
        "POST /api/articles": [
          apiError(503, "busy", "Busy", { "Retry-After": "1" }),
          json(201, article()),
        ],
      }),
    });
    const reply = await run(openReader());
    assert.equal(reply.ok, true);
    assert.equal(fetch.requests.filter((r) => r.path === "/api/articles").length, 2);
  });

  test("no connection AND no permission for the server: says how to allow it", async () => {
    const { run } = setup({
      routes: happyRoutes({ "POST /api/articles": connectionRefused() }),
      browserOptions: { permissions: { "http://127.0.0.1/*": false } },
    });
    const reply = await run(openReader());
    assert.equal(reply.error.message, MESSAGES.no_server_access);
  });

  test("not paired: the pairing message, and no request at all", async () => {
    const { fetch, run } = setup({ storage: memoryStorage() });
    const reply = await run(openReader());
    assert.equal(reply.error.message, MESSAGES.not_paired);
    assert.equal(fetch.requests.length, 0);
  });

  for (const url of ["chrome://version/", "about:addons", "https://chromewebstore.google.com/x"]) {
    test(`restricted page ${url}: refused before injecting anything`, async () => {
      const { browser, fetch, run } = setup({ browserOptions: { tab: { id: 3, index: 0, url } } });
      const reply = await run(openReader());
      assert.equal(reply.error.message, MESSAGES.restricted);
      assert.deepEqual(browser.callsTo("executeScript"), []);
      assert.equal(fetch.requests.length, 0);
    });
  }

  test("a hidden URL the browser won't script: executeScript's refusal becomes the message", async () => {
    const { run } = setup({
      browserOptions: {
        tab: { id: 3, index: 0 },
        page: { captureLivePage: new Error("Cannot access a chrome:// URL") },
      },
    });
    const reply = await run(openReader());
    assert.equal(reply.error.message, MESSAGES.restricted);
  });

  test("file:// without file access explains how to allow it", async () => {
    const { run } = setup({
      browserOptions: { tab: { id: 3, index: 0, url: "file:///tmp/a.html" } },
    });
    const reply = await run(openReader());
    assert.match(
      reply.error.message,
      /^Browsers don't let extensions read this page\. .*file URLs/,
    );
  });

  test("from the keyboard shortcut, errors are also shown in the page", async () => {
    const { browser, run } = setup({
      routes: happyRoutes({ "POST /api/articles": connectionRefused() }),
    });
    await run({ ...openReader(), source: Source.COMMAND });
    const toast = browser.callsTo("executeScript").find(([d]) => d.func?.name === "showToast");
    assert.deepEqual(toast[0].args, [MESSAGES.not_running, "error"]);
  });
});

describe("save highlight", () => {
  const quote = {
    exact: "talks about reading too",
    prefix: "The second paragraph ",
    suffix: ", at more",
  };

  test("finds the selection in the article text and saves code-point offsets", async () => {
    const { browser, fetch, run } = setup({
      browserOptions: { page: { captureSelection: quote } },
    });
    const reply = await run({ type: MessageType.SAVE_HIGHLIGHT, tabId: 3, frameId: 0 });
    assert.equal(reply.ok, true, reply.error?.message);
    const post = fetch.requests.find((r) => r.path === "/api/highlights");
    const start = ARTICLE_TEXT.lastIndexOf("talks about reading too");
    // The title's emoji is 2 UTF-16 units but 1 code point: offsets are one less than JS's.
    assert.equal(post.body.start, start - 1);
    assert.equal(post.body.end, start - 1 + quote.exact.length);
    assert.equal(post.body.exact, quote.exact);
    assert.equal(post.body.article_id, 7);
    assert.equal(post.body.color, "yellow");
    assert.equal(post.body.prefix, ARTICLE_TEXT.slice(start - 32, start));
    assert.equal(post.body.suffix, ARTICLE_TEXT.slice(start + quote.exact.length).slice(0, 32));
    // The page is saved (or updated) first, then the highlight.
    assert.deepEqual(fetch.requests.map((r) => `${r.method} ${r.path}`).slice(0, 2), [
      "POST /api/articles",
      "POST /api/highlights",
    ]);
    assert.equal(badgeTexts(browser).at(-1), "✓");
    const toast = browser.callsTo("executeScript").find(([d]) => d.func?.name === "showToast");
    assert.deepEqual(toast[0].args, ["Highlight saved in readmode.", "ok"]);
  });

  test("the ✓ goes away after a while, unless something newer replaced it", async () => {
    const saved = setup({ browserOptions: { page: { captureSelection: quote } } });
    await saved.run({ type: MessageType.SAVE_HIGHLIGHT, tabId: 3 });
    await saved.timers.runAll();
    assert.equal(badgeTexts(saved.browser).at(-1), "");

    const busy = setup({ browserOptions: { page: { captureSelection: quote } } });
    await busy.run({ type: MessageType.SAVE_HIGHLIGHT, tabId: 3 });
    await busy.run(openReader());
    const before = badgeTexts(busy.browser).length;
    await busy.timers.runAll();
    assert.equal(badgeTexts(busy.browser).length, before);
  });

  test("uses the frame the selection is in", async () => {
    const { browser, run } = setup({ browserOptions: { page: { captureSelection: quote } } });
    await run({ type: MessageType.SAVE_HIGHLIGHT, tabId: 3, frameId: 5 });
    const selection = browser
      .callsTo("executeScript")
      .find(([d]) => d.func?.name === "captureSelection");
    assert.deepEqual(selection[0].target, { tabId: 3, frameIds: [5] });
  });

  test("falls back to the menu's selection text", async () => {
    const { fetch, run } = setup();
    const reply = await run({
      type: MessageType.SAVE_HIGHLIGHT,
      tabId: 3,
      selectionText: "first paragraph talks",
    });
    assert.equal(reply.ok, true);
    const post = fetch.requests.find((r) => r.path === "/api/highlights");
    assert.equal(post.body.exact, "first paragraph talks");
  });

  test("nothing selected: says so, saves nothing", async () => {
    const { fetch, run } = setup();
    const reply = await run({ type: MessageType.SAVE_HIGHLIGHT, tabId: 3 });
    assert.equal(reply.error.message, MESSAGES.no_selection);
    assert.equal(fetch.requests.length, 0);
  });

  test("a selection outside the article (a sidebar) is reported, nothing is saved", async () => {
    const { browser, fetch, run } = setup({
      browserOptions: {
        page: {
          captureSelection: { exact: "Subscribe to our newsletter", prefix: "", suffix: "" },
        },
      },
    });
    const reply = await run({ type: MessageType.SAVE_HIGHLIGHT, tabId: 3 });
    assert.equal(reply.error.message, MESSAGES.quote_not_found);
    assert.equal(
      fetch.requests.some((r) => r.path === "/api/highlights"),
      false,
    );
    const toast = browser.callsTo("executeScript").find(([d]) => d.func?.name === "showToast");
    assert.equal(toast[0].args[1], "error");
  });

  test("server errors are mapped like everywhere else", async () => {
    const { run } = setup({
      routes: happyRoutes({ "POST /api/articles": apiError(401, "unauthorized", "no") }),
      browserOptions: { page: { captureSelection: quote } },
    });
    const reply = await run({ type: MessageType.SAVE_HIGHLIGHT, tabId: 3 });
    assert.equal(reply.error.message, MESSAGES.not_paired);
  });
});

describe("show highlights here", () => {
  const highlight = {
    id: 11,
    article_id: 7,
    exact: "short",
    prefix: "",
    suffix: "",
    color: "green",
  };

  test("looks the page up by URL and paints its highlights", async () => {
    const { browser, fetch, run } = setup({
      routes: happyRoutes({
        "GET /api/articles/7/highlights": json(200, { highlights: [highlight] }),
      }),
      browserOptions: { page: { func: { painted: 1, missing: [], method: "highlight-api" } } },
    });
    const reply = await run({ type: MessageType.SHOW_HIGHLIGHTS, tabId: 3 });
    assert.deepEqual(reply, {
      ok: true,
      painted: 1,
      missing: [],
      method: "highlight-api",
      message: "Showing 1 highlight.",
    });
    assert.deepEqual(fetch.requests[0].query, {
      limit: "1",
      offset: "0",
      url: "https://example.com/post",
    });
    const injected = browser.callsTo("executeScript").map(([d]) => d.files ?? d.func.name);
    assert.deepEqual(injected, ["pageLocation", ["lib/anchor.js", "lib/paint.js"], "func"]);
    const paint = browser.callsTo("executeScript").at(-1)[0];
    assert.deepEqual(paint.args, [[highlight]]);
    assert.match(browser.callsTo("insertCSS")[0][0].css, /::highlight\(readmode-green\)/);
  });

  test("reports highlights that are no longer on the page", async () => {
    const { run } = setup({
      routes: happyRoutes({
        "GET /api/articles/7/highlights": json(200, {
          highlights: [highlight, { ...highlight, id: 12 }, { ...highlight, id: 13 }],
        }),
      }),
      browserOptions: { page: { func: { painted: 1, missing: [12, 13], method: "marks" } } },
    });
    const reply = await run({ type: MessageType.SHOW_HIGHLIGHTS, tabId: 3 });
    assert.equal(reply.message, "Showing 1 of 3 highlights: 2 aren't on this page any more.");
  });

  test("a page that isn't saved says so", async () => {
    const { run } = setup({
      routes: happyRoutes({ "GET /api/articles": json(200, { total: 0, articles: [] }) }),
    });
    const reply = await run({ type: MessageType.SHOW_HIGHLIGHTS, tabId: 3 });
    assert.equal(reply.error.message, MESSAGES.not_saved);
  });

  test("a saved page without highlights says so, without injecting the painter", async () => {
    const { browser, run } = setup();
    const reply = await run({ type: MessageType.SHOW_HIGHLIGHTS, tabId: 3 });
    assert.equal(reply.ok, true);
    assert.equal(reply.message, "You haven't highlighted anything on this page yet.");
    assert.deepEqual(browser.callsTo("insertCSS"), []);
  });
});

describe("auto paint", () => {
  test("does nothing unless turned on", async () => {
    const { browser, fetch, run } = setup();
    const reply = await run(
      { type: MessageType.AUTO_PAINT },
      { tab: { id: 3, url: "https://example.com/post" } },
    );
    assert.deepEqual(reply, { ok: true, painted: 0 });
    assert.equal(fetch.requests.length, 0);
    assert.deepEqual(badgeTexts(browser), []);
  });

  test("paints silently when on, and stays silent when the server is down", async () => {
    const sender = { tab: { id: 3, url: "https://example.com/post" } };
    const on = setup({
      storage: pairedStorage({ autoPaint: true }),
      routes: happyRoutes({
        "GET /api/articles/7/highlights": json(200, { highlights: [{ id: 1, exact: "x" }] }),
      }),
      browserOptions: { page: { func: { painted: 1, missing: [], method: "highlight-api" } } },
    });
    assert.equal((await on.run({ type: MessageType.AUTO_PAINT }, sender)).painted, 1);
    const down = setup({
      storage: pairedStorage({ autoPaint: true }),
      routes: happyRoutes({ "GET /api/articles": connectionRefused() }),
    });
    assert.deepEqual(await down.run({ type: MessageType.AUTO_PAINT }, sender), {
      ok: true,
      painted: 0,
    });
    assert.deepEqual(badgeTexts(down.browser), []);
  });

  test("the content script is registered only when enabled and permitted", async () => {
    const enabledNoPermission = setup({ storage: pairedStorage({ autoPaint: true }) });
    await enabledNoPermission.run({ type: MessageType.SYNC_AUTO_PAINT });
    assert.deepEqual(enabledNoPermission.browser.callsTo("registerContentScripts"), []);

    const permitted = setup({
      storage: pairedStorage({ autoPaint: true }),
      browserOptions: {
        permissions: { "<all_urls>": true, "http://127.0.0.1/*": true, "http://localhost/*": true },
      },
    });
    assert.deepEqual(await permitted.run({ type: MessageType.SYNC_AUTO_PAINT }), {
      ok: true,
      autoPaint: true,
    });
    const [[scripts]] = permitted.browser.callsTo("registerContentScripts");
    assert.equal(scripts[0].id, AUTO_PAINT_SCRIPT_ID);
    assert.deepEqual(scripts[0].js, ["content/auto-paint.js"]);
    // Syncing again doesn't register twice; turning it off unregisters.
    await permitted.run({ type: MessageType.SYNC_AUTO_PAINT });
    assert.equal(permitted.browser.callsTo("registerContentScripts").length, 1);
    await permitted.storage.set({ autoPaint: false });
    await permitted.run({ type: MessageType.SYNC_AUTO_PAINT });
    assert.equal(permitted.browser.callsTo("unregisterContentScripts").length, 1);
  });
});

describe("popup", () => {
  test("search maps results for display", async () => {
    const { fetch, handlers } = setup({
      routes: happyRoutes({
        "GET /api/search": json(200, {
          total: 1,
          results: [
            {
              highlight: { id: 11, exact: "slow reading", color: "blue" },
              article: { id: 7, title: "", url: "https://example.com/post", site_name: null },
              snippet: "<mark>slow</mark> reading",
            },
          ],
          articles: [],
        }),
      }),
    });
    const controller = new AbortController();
    const result = await handlers.search({ query: " slow " }, {}, { signal: controller.signal });
    assert.deepEqual(result.results, [
      {
        highlightId: 11,
        articleId: 7,
        title: "https://example.com/post",
        site: "example.com",
        color: "blue",
        snippet: "<mark>slow</mark> reading",
      },
    ]);
    assert.equal(fetch.requests[0].query.q, "slow");
    assert.equal(fetch.requests[0].query.limit, "8");
  });

  test("an empty query doesn't hit the server", async () => {
    const { fetch, handlers } = setup();
    assert.deepEqual(await handlers.search({ query: "  " }), {
      total: 0,
      results: [],
      articles: [],
    });
    assert.equal(fetch.requests.length, 0);
  });

  test("an aborted search rejects with AbortError (the popup ignores it)", async () => {
    const { handlers } = setup({ routes: happyRoutes({ "GET /api/search": json(200, {}) }) });
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(handlers.search({ query: "x" }, {}, { signal: controller.signal }), {
      name: "AbortError",
    });
  });

  test("a search failure has the usual message", async () => {
    const { run } = setup({ routes: happyRoutes({ "GET /api/search": connectionRefused() }) });
    const reply = await run({ type: "search", query: "x" });
    assert.equal(reply.error.message, MESSAGES.not_running);
  });

  test("state: connected, paired, with the last five articles", async () => {
    const { fetch, run } = setup();
    const state = await run({ type: MessageType.POPUP_STATE });
    assert.equal(state.reachable, true);
    assert.equal(state.paired, true);
    assert.equal(state.version, "0.1.0");
    assert.equal(state.recent[0].id, 7);
    assert.equal(fetch.requests.find((r) => r.path === "/api/articles").query.limit, "5");
  });

  test("state: server down / token rejected", async () => {
    const down = await setup({ routes: { "GET /healthz": connectionRefused() } }).run({
      type: MessageType.POPUP_STATE,
    });
    assert.deepEqual(
      [down.reachable, down.paired, down.message],
      [false, false, MESSAGES.not_running],
    );
    const unpaired = await setup({
      routes: happyRoutes({ "GET /api/ping": apiError(401, "unauthorized", "no") }),
    }).run({ type: MessageType.POPUP_STATE });
    assert.deepEqual(
      [unpaired.reachable, unpaired.paired, unpaired.message],
      [true, false, MESSAGES.not_paired],
    );
  });

  test("opening a search result goes to the highlight in the reader view", async () => {
    const { browser, run } = setup();
    const reply = await run({ type: MessageType.OPEN_ARTICLE, articleId: 7, highlightId: 11 });
    assert.equal(reply.url, `${SERVER}/read/7?code=one-time-code#h-11`);
    assert.deepEqual(browser.callsTo("tabs.create"), [[{ url: reply.url, active: true }]]);
  });

  test("the full search page opens with a code and the query", async () => {
    const { run } = setup();
    const reply = await run({ type: MessageType.OPEN_SEARCH_PAGE, query: "slow reading" });
    assert.equal(reply.url, `${SERVER}/search?q=slow+reading&code=one-time-code`);
  });
});

describe("options pairing check", () => {
  test("✓ with the version when the token is accepted", async () => {
    const { fetch, run } = setup({ storage: memoryStorage() });
    const reply = await run({
      type: MessageType.CHECK_PAIRING,
      serverUrl: "localhost:7836",
      token: ` ${TOKEN} `,
    });
    assert.deepEqual(reply, { ok: true, version: "0.1.0" });
    assert.equal(fetch.requests[1].url.origin, "http://localhost:7836");
    assert.equal(fetch.requests[1].headers.Authorization, `Bearer ${TOKEN}`);
  });

  test("✗ with the reason otherwise", async () => {
    const { run } = setup({
      routes: happyRoutes({ "GET /api/ping": apiError(401, "unauthorized", "no") }),
    });
    const reply = await run({ type: MessageType.CHECK_PAIRING, serverUrl: "", token: "wrong" });
    assert.equal(reply.error.message, MESSAGES.not_paired);
    const bad = await run({
      type: MessageType.CHECK_PAIRING,
      serverUrl: "http://example.com",
      token: "t",
    });
    assert.match(bad.error.message, /127\.0\.0\.1 or localhost/);
  });
});

describe("dispatch and event wiring", () => {
  test("unknown requests are refused", async () => {
    const { run } = setup();
    assert.equal((await run({ type: "format-disk" })).ok, false);
    assert.equal((await run({ type: "status" })).ok, false);
    assert.equal((await run(undefined)).ok, false);
  });

  test("web pages (content scripts) may only ask for auto-paint", async () => {
    const { handlers, fetch } = setup();
    const sender = { tab: { id: 3, url: "https://evil.example/" }, url: "https://evil.example/" };
    const context = { extensionOrigin: "chrome-extension://extension-id/" };
    const reply = await dispatch(handlers, openReader(), sender, context);
    assert.equal(reply.ok, false);
    assert.equal(fetch.requests.length, 0);
    const allowed = await dispatch(handlers, { type: MessageType.AUTO_PAINT }, sender, context);
    assert.equal(allowed.ok, true);
    const popup = { url: "chrome-extension://extension-id/popup.html" };
    assert.equal(
      (await dispatch(handlers, { type: MessageType.POPUP_STATE }, popup, context)).ok,
      true,
    );
  });

  test("menu clicks and commands map to requests", () => {
    const tab = { id: 3 };
    assert.deepEqual(messageForMenuClick({ menuItemId: MenuId.OPEN_READER, frameId: 0 }, tab), {
      type: MessageType.OPEN_READER,
      tabId: 3,
      frameId: 0,
      source: Source.MENU,
    });
    assert.deepEqual(
      messageForMenuClick(
        { menuItemId: MenuId.SAVE_HIGHLIGHT, frameId: 2, selectionText: "q" },
        tab,
      ),
      {
        type: MessageType.SAVE_HIGHLIGHT,
        selectionText: "q",
        tabId: 3,
        frameId: 2,
        source: Source.MENU,
      },
    );
    assert.equal(messageForMenuClick({ menuItemId: "other" }, tab), null);
    assert.deepEqual(messageForCommand("open-reader", tab), {
      type: MessageType.OPEN_READER,
      tabId: 3,
      source: Source.COMMAND,
    });
    assert.equal(messageForCommand("_execute_action", tab), null);
  });

  test("install creates both context menus", async () => {
    const { browser, run } = setup();
    await run({ type: "install" });
    const menus = browser.callsTo("contextMenus.create").map(([m]) => [m.id, m.title, m.contexts]);
    assert.deepEqual(menus, [
      [MenuId.OPEN_READER, "Open in reader view", ["page", "frame"]],
      [MenuId.SAVE_HIGHLIGHT, "Save highlight", ["selection"]],
    ]);
  });
});
