import assert from "node:assert/strict";
import { test } from "node:test";

import { createApiClient, parseRetryAfter } from "../lib/api.js";
import { ErrorKind, MESSAGES } from "../lib/errors.js";
import {
  SERVER,
  TOKEN,
  apiError,
  article,
  connectionRefused,
  fakeFetch,
  json,
  recordingSleep,
} from "./fakes.js";

function client(routes, options = {}) {
  const fetch = fakeFetch(routes);
  const sleep = recordingSleep();
  const api = createApiClient({ fetch, serverUrl: `${SERVER}/`, token: TOKEN, sleep, ...options });
  return { api, fetch, sleep };
}

test("requests carry the bearer token, JSON body and no cookies", async () => {
  const { api, fetch } = client({ "POST /api/articles": json(201, article()) });
  const saved = await api.saveArticle({ url: "https://e.com/a", html: "<p>x</p>", title: "A" });
  assert.equal(saved.id, 7);
  const [request] = fetch.requests;
  assert.equal(request.url.origin + request.path, `${SERVER}/api/articles`);
  assert.equal(request.headers.Authorization, `Bearer ${TOKEN}`);
  assert.equal(request.headers["Content-Type"], "application/json");
  assert.equal(request.credentials, "omit");
  assert.deepEqual(request.body, { url: "https://e.com/a", html: "<p>x</p>", title: "A" });
});

test("health needs no token", async () => {
  const { api, fetch } = client(
    { "GET /healthz": json(200, { status: "ok", version: "0.1.0" }) },
    { token: "" },
  );
  assert.deepEqual(await api.health(), { status: "ok", version: "0.1.0" });
  assert.equal(fetch.requests[0].headers.Authorization, undefined);
});

test("an API call without a token fails with the pairing message, without a request", async () => {
  const { api, fetch } = client({}, { token: "" });
  await assert.rejects(api.ping(), { kind: ErrorKind.NOT_PAIRED, message: MESSAGES.not_paired });
  assert.equal(fetch.requests.length, 0);
});

test("a refused connection says the server isn't running", async () => {
  const { api } = client({ "GET /api/ping": connectionRefused() });
  await assert.rejects(api.ping(), { kind: ErrorKind.NOT_RUNNING, message: MESSAGES.not_running });
});

test("busy: waits Retry-After seconds and retries once", async () => {
  const { api, fetch, sleep } = client({
    "POST /api/articles": [
      apiError(503, "busy", "Busy", { "Retry-After": "2" }),
      json(201, article()),
    ],
  });
  const saved = await api.saveArticle({ url: "u", html: "h" });
  assert.equal(saved.id, 7);
  assert.deepEqual(sleep.waits, [2000]);
  assert.equal(fetch.requests.length, 2);
});

test("busy twice: gives up with the busy message", async () => {
  const { api, fetch, sleep } = client({
    "POST /api/articles": [apiError(503, "busy", "Busy", { "Retry-After": "600" })],
  });
  await assert.rejects(api.saveArticle({ url: "u", html: "h" }), {
    kind: ErrorKind.BUSY,
    message: MESSAGES.busy,
  });
  assert.equal(fetch.requests.length, 2);
  assert.deepEqual(sleep.waits, [10_000], "the wait is capped");
});

test("other errors are not retried", async () => {
  const { api, fetch } = client({
    "POST /api/articles": apiError(422, "not_readable", "Only navigation links here."),
  });
  await assert.rejects(api.saveArticle({ url: "u", html: "h" }), {
    kind: ErrorKind.NOT_READABLE,
    message: "Only navigation links here.",
  });
  assert.equal(fetch.requests.length, 1);
});

test("a non-JSON answer means another program listens there", async () => {
  const { api } = client({
    "GET /api/ping": new Response("<h1>It works!</h1>", {
      status: 200,
      headers: { "Content-Type": "text/html" },
    }),
  });
  await assert.rejects(api.ping(), { kind: ErrorKind.WRONG_SERVER });
});

test("a caller's abort is passed through as AbortError, not reported as a failure", async () => {
  const { api } = client({ "GET /api/search": json(200, { total: 0, results: [] }) });
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(api.search("x", { signal: controller.signal }), { name: "AbortError" });
});

test("search and list build their query strings", async () => {
  const { api, fetch } = client({
    "GET /api/search": json(200, { total: 0, results: [], articles: [] }),
    "GET /api/articles": json(200, { total: 0, articles: [] }),
  });
  await api.search('"exact phrase" tag:x', { limit: 5 });
  await api.listArticles({ url: "https://e.com/a?b=1&c=2", limit: 1 });
  assert.deepEqual(fetch.requests[0].query, { q: '"exact phrase" tag:x', limit: "5" });
  assert.deepEqual(fetch.requests[1].query, {
    limit: "1",
    offset: "0",
    url: "https://e.com/a?b=1&c=2",
  });
});

test("pageUrl asks for a one-time code and keeps the fragment", async () => {
  const { api } = client({
    "POST /api/page-codes": json(201, { code: "abc123", expires_in: 60 }),
  });
  assert.equal(await api.pageUrl("/read/7", "#h-3"), `${SERVER}/read/7?code=abc123#h-3`);
  assert.equal(await api.pageUrl("/search?q=a%20b"), `${SERVER}/search?q=a+b&code=abc123`);
});

test("204 answers resolve with null", async () => {
  const { api } = client({ "DELETE /api/highlights/3": new Response(null, { status: 204 }) });
  assert.equal(await api.request("DELETE", "/api/highlights/3"), null);
});

test("parseRetryAfter reads seconds and HTTP dates", () => {
  assert.equal(parseRetryAfter("3"), 3);
  assert.equal(parseRetryAfter(" 0 "), 0);
  assert.equal(parseRetryAfter(undefined), undefined);
  assert.equal(parseRetryAfter("soon"), undefined);
  const now = Date.parse("2026-01-01T00:00:00Z");
  assert.equal(parseRetryAfter("Thu, 01 Jan 2026 00:00:05 GMT", now), 5);
  assert.equal(parseRetryAfter("Wed, 31 Dec 2025 00:00:00 GMT", now), 0);
});
