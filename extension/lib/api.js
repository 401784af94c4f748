/**
 * Client for the local readmode server (see api.md).
 *
 * Every method resolves with the parsed JSON body or rejects with a {@link ReadmodeError} whose
 * message can be shown as is. `fetch` and `sleep` are injected so tests run without a network
 * or real waiting.
 */

import { ErrorKind, ReadmodeError, errorFromStatus, networkError } from "./errors.js";

/** Extraction of a big page takes a while on a slow machine; everything else is quick. */
const SAVE_TIMEOUT_MS = 60_000;
const DEFAULT_TIMEOUT_MS = 10_000;
/** Never wait longer than this for a busy server, whatever Retry-After says. */
const MAX_RETRY_WAIT_MS = 10_000;

const defaultSleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @param {{ fetch: typeof fetch, serverUrl: string, token?: string,
 *           sleep?: (ms: number) => Promise<void> }} options
 */
export function createApiClient({ fetch, serverUrl, token = "", sleep = defaultSleep }) {
  const base = serverUrl.replace(/\/+$/, "");

  /**
   * One request; retries once when the server answers 503 busy.
   *
   * @param {string} method
   * @param {string} path starting with "/"
   * @param {{ body?: unknown, auth?: boolean, signal?: AbortSignal, timeoutMs?: number }} [options]
   */
  async function request(method, path, options = {}) {
    try {
      return await requestOnce(method, path, options);
    } catch (error) {
      if (!(error instanceof ReadmodeError) || error.kind !== ErrorKind.BUSY) {
        throw error;
      }
      const waitMs = Math.min((error.retryAfter ?? 1) * 1000, MAX_RETRY_WAIT_MS);
      await sleep(waitMs);
      return requestOnce(method, path, options);
    }
  }

  async function requestOnce(
    method,
    path,
    { body, auth = true, signal, timeoutMs = DEFAULT_TIMEOUT_MS } = {},
  ) {
    if (auth && !token) {
      throw new ReadmodeError(ErrorKind.NOT_PAIRED);
    }
    const headers = { Accept: "application/json" };
    if (auth) {
      headers.Authorization = `Bearer ${token}`;
    }
    const init = {
      method,
      headers,
      // The Bearer token is the extension's credential; never send the reader pages' cookie.
      credentials: "omit",
      cache: "no-store",
      signal: withTimeout(signal, timeoutMs),
    };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(base + path, init);
    } catch (error) {
      if (error?.name === "AbortError" && signal?.aborted) {
        throw error; // The caller cancelled (e.g. a newer search); not a failure to report.
      }
      throw networkError(error);
    }
    if (response.status === 204) {
      return null;
    }
    const payload = await readJson(response);
    if (!response.ok) {
      const errorBody = isErrorShape(payload) ? payload.error : null;
      throw errorFromStatus(response.status, errorBody, {
        retryAfter: parseRetryAfter(response.headers.get("Retry-After")),
      });
    }
    if (payload === undefined) {
      throw new ReadmodeError(ErrorKind.WRONG_SERVER, undefined, { status: response.status });
    }
    return payload;
  }

  /** `POST /api/page-codes`: a one-time code that opens a server page with a session. */
  const createPageCode = () => request("POST", "/api/page-codes", { body: {} });

  return {
    serverUrl: base,
    request,
    /** `GET /healthz`: is a readmode server listening? (no token needed) */
    health: () => request("GET", "/healthz", { auth: false }),
    /** `GET /api/ping`: does the server accept our token? */
    ping: () => request("GET", "/api/ping"),
    /** `POST /api/articles`: save (or update) the captured page; resolves with the Article. */
    saveArticle: ({ url, html, title }) =>
      request("POST", "/api/articles", { body: { url, html, title }, timeoutMs: SAVE_TIMEOUT_MS }),
    /** `GET /api/articles`: newest first, optionally only the article saved for `url`. */
    listArticles: ({ limit = 20, offset = 0, url } = {}) => {
      const query = new URLSearchParams({ limit: String(limit), offset: String(offset) });
      if (url) {
        query.set("url", url);
      }
      return request("GET", `/api/articles?${query}`);
    },
    createPageCode,
    /** `GET /api/articles/{id}/highlights` */
    listHighlights: (articleId) =>
      request("GET", `/api/articles/${encodeURIComponent(articleId)}/highlights`),
    /** `POST /api/highlights` */
    createHighlight: (highlight) => request("POST", "/api/highlights", { body: highlight }),
    /** `GET /api/search`: highlights and articles matching `q`. */
    search: (q, { limit = 8, signal } = {}) => {
      const query = new URLSearchParams({ q, limit: String(limit) });
      return request("GET", `/api/search?${query}`, { signal });
    },
    /**
     * The address of a server page opened with a fresh one-time code, e.g.
     * `pageUrl("/read/3", "#h-7")` → "http://127.0.0.1:7836/read/3?code=…#h-7".
     */
    async pageUrl(path, fragment = "") {
      const { code } = await createPageCode();
      const url = new URL(base + path);
      url.searchParams.set("code", code);
      return url.href + fragment;
    },
  };
}

/** Combine the caller's signal with a timeout (AbortSignal.any is missing in older browsers). */
function withTimeout(signal, timeoutMs) {
  const timeout = AbortSignal.timeout(timeoutMs);
  if (!signal) {
    return timeout;
  }
  if (typeof AbortSignal.any === "function") {
    return AbortSignal.any([signal, timeout]);
  }
  return signal;
}

/** The body as JSON, or undefined when it isn't JSON (another program answered). */
async function readJson(response) {
  const type = response.headers.get("Content-Type") ?? "";
  if (!type.includes("json")) {
    return undefined;
  }
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

function isErrorShape(payload) {
  return (
    typeof payload === "object" &&
    payload !== null &&
    typeof payload.error === "object" &&
    payload.error !== null
  );
}

/** Retry-After in seconds (delta-seconds or HTTP date); undefined when absent or malformed. */
export function parseRetryAfter(value, now = Date.now()) {
  if (!value) {
    return undefined;
  }
  if (/^\d+$/.test(value.trim())) {
    return Number(value.trim());
  }
  const date = Date.parse(value);
  if (Number.isNaN(date)) {
    return undefined;
  }
  return Math.max(0, Math.ceil((date - now) / 1000));
}
