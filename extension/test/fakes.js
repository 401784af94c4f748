/**
 * Test doubles for the browser and the server: a fake `chrome` object that records every call,
 * a fake `fetch` that answers from a route table with real `Response` objects, and an
 * in-memory `storage.local`. No network, no browser.
 */

export const TOKEN = "test-token";
export const SERVER = "http://127.0.0.1:7836";

/** In-memory stand-in for `chrome.storage.local`. */
export function memoryStorage(initial = {}) {
  const data = { ...initial };
  return {
    data,
    async get(keys) {
      const names = Array.isArray(keys) ? keys : [keys];
      return Object.fromEntries(names.filter((k) => k in data).map((k) => [k, data[k]]));
    },
    async set(items) {
      Object.assign(data, items);
    },
  };
}

/** Storage with a paired server, as after the user pasted the token in Options. */
export function pairedStorage(extra = {}) {
  return memoryStorage({ serverUrl: SERVER, token: TOKEN, ...extra });
}

export function json(status, body, headers = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", ...headers },
  });
}

export function apiError(status, code, message, headers = {}) {
  return json(status, { error: { status, code, message } }, headers);
}

/**
 * A fake `fetch`. `routes` maps "METHOD /path" (path without the query string) to a Response, a
 * function `(request) => Response`, or an array of those answered in turn. Unknown routes
 * answer 404 in the readmode error shape. Every call is recorded in `fetch.requests`.
 */
export function fakeFetch(routes) {
  const requests = [];
  const fetch = async (url, init = {}) => {
    const parsed = new URL(url);
    const request = {
      method: init.method ?? "GET",
      url: parsed,
      path: parsed.pathname,
      query: Object.fromEntries(parsed.searchParams),
      headers: init.headers ?? {},
      credentials: init.credentials,
      body: init.body === undefined ? undefined : JSON.parse(init.body),
      signal: init.signal,
    };
    requests.push(request);
    if (init.signal?.aborted) {
      throw new DOMException("The operation was aborted.", "AbortError");
    }
    const key = `${request.method} ${request.path}`;
    let answer = routes[key];
    if (Array.isArray(answer)) {
      answer = answer.length > 1 ? answer.shift() : answer[0];
    }
    if (answer === undefined) {
      return apiError(404, "not_found", `no route ${key}`);
    }
    if (answer instanceof Error) {
      throw answer;
    }
    const response = typeof answer === "function" ? await answer(request) : answer;
    return response.clone();
  };
  fetch.requests = requests;
  return fetch;
}

/** What `fetch` throws when nothing listens on the port. */
export function connectionRefused() {
  return new TypeError("Failed to fetch");
}

export const ARTICLE_TEXT =
  "A headline 😀\n\nThe first paragraph talks about reading. It is short.\n\n" +
  "The second paragraph talks about reading too, at more length, with a “quoted” phrase.";

export function article(overrides = {}) {
  return {
    id: 7,
    title: "A headline 😀",
    url: "https://example.com/post",
    reader_url: "/read/7",
    text: ARTICLE_TEXT,
    highlight_count: 0,
    ...overrides,
  };
}

/** The routes of a healthy, paired server that saves article 7. */
export function happyRoutes(overrides = {}) {
  return {
    "GET /healthz": json(200, { status: "ok", version: "0.1.0" }),
    "GET /api/ping": json(200, { ok: true, version: "0.1.0" }),
    "POST /api/articles": json(201, article()),
    "POST /api/page-codes": json(201, { code: "one-time-code", expires_in: 60 }),
    "GET /api/articles": json(200, { total: 1, articles: [article({ highlight_count: 1 })] }),
    "GET /api/articles/7/highlights": json(200, { highlights: [] }),
    "POST /api/highlights": (request) =>
      json(201, { id: 11, ...request.body, orphan: false, note: "", tags: [] }),
    ...overrides,
  };
}

/**
 * A fake `chrome`/`browser` object. `page` decides what the injected functions return,
 * keyed by the injected function's name ("captureLivePage", "captureSelection", ...); a value
 * that is an Error makes executeScript reject with it.
 */
export function fakeBrowser({
  tab = { id: 3, index: 2, url: "https://example.com/post", windowId: 1 },
  page = {},
  permissions = { "<all_urls>": false, "http://127.0.0.1/*": true, "http://localhost/*": true },
  registered = [],
} = {}) {
  const calls = [];
  const record =
    (name) =>
    async (...args) => {
      calls.push([name, ...args]);
    };
  const pageAnswers = {
    captureLivePage: { html: "<html><body><p>page</p></body></html>", url: tab.url, title: "Post" },
    captureSelection: null,
    pageLocation: tab.url,
    showToast: undefined,
    func: { painted: 0, missing: [], method: "highlight-api" },
    files: undefined,
    ...page,
  };
  const browser = {
    calls,
    tab,
    registered,
    callsTo: (name) => calls.filter(([called]) => called === name).map(([, ...args]) => args),
    tabs: {
      async get(id) {
        calls.push(["tabs.get", id]);
        if (id !== tab.id) {
          throw new Error(`No tab with id: ${id}.`);
        }
        return tab;
      },
      async query(query) {
        calls.push(["tabs.query", query]);
        return [tab];
      },
      update: record("tabs.update"),
      create: record("tabs.create"),
    },
    scripting: {
      async executeScript(details) {
        calls.push(["executeScript", details]);
        const key = details.files ? "files" : details.func.name;
        const answer = pageAnswers[key];
        if (answer instanceof Error) {
          throw answer;
        }
        return [{ frameId: 0, result: typeof answer === "function" ? answer(details) : answer }];
      },
      async insertCSS(details) {
        calls.push(["insertCSS", details]);
        if (pageAnswers.insertCSS instanceof Error) {
          throw pageAnswers.insertCSS;
        }
      },
      async getRegisteredContentScripts(filter) {
        calls.push(["getRegisteredContentScripts", filter]);
        return registered.filter((script) => filter.ids.includes(script.id));
      },
      async registerContentScripts(scripts) {
        calls.push(["registerContentScripts", scripts]);
        registered.push(...scripts);
      },
      async unregisterContentScripts(filter) {
        calls.push(["unregisterContentScripts", filter]);
        registered.splice(0, registered.length);
      },
    },
    action: {
      setBadgeText: record("action.setBadgeText"),
      setBadgeBackgroundColor: record("action.setBadgeBackgroundColor"),
      setTitle: record("action.setTitle"),
    },
    runtime: {
      id: "extension-id",
      getURL: (path) => `chrome-extension://extension-id/${path}`,
      async sendMessage(message) {
        calls.push(["runtime.sendMessage", message]);
        throw new Error("Could not establish connection. Receiving end does not exist.");
      },
    },
    permissions: {
      async contains({ origins }) {
        return origins.every((origin) => permissions[origin]);
      },
    },
    contextMenus: {
      removeAll: record("contextMenus.removeAll"),
      create: (...args) => calls.push(["contextMenus.create", ...args]),
    },
    extension: {
      isAllowedFileSchemeAccess: async () => false,
    },
  };
  return browser;
}

/** The badge texts set, in order. */
export function badgeTexts(browser) {
  return browser.callsTo("action.setBadgeText").map(([details]) => details.text);
}

/** Sleep that records the wait instead of waiting. */
export function recordingSleep() {
  const waits = [];
  const sleep = async (ms) => {
    waits.push(ms);
  };
  sleep.waits = waits;
  return sleep;
}

/** Timers that run only when told to (`runAll` runs the pending callbacks and awaits them). */
export function manualTimers() {
  let pending = new Map();
  let next = 1;
  return {
    setTimeout(fn) {
      pending.set(next, fn);
      return next++;
    },
    clearTimeout(id) {
      pending.delete(id);
    },
    async runAll() {
      const due = [...pending.values()];
      pending = new Map();
      await Promise.all(due.map((fn) => fn()));
    },
    get count() {
      return pending.size;
    },
  };
}
