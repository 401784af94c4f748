import assert from "node:assert/strict";
import { test } from "node:test";

import {
  ErrorKind,
  MESSAGES,
  ReadmodeError,
  errorFromStatus,
  networkError,
  restrictedPageError,
  scriptingError,
  toReadmodeError,
} from "../lib/errors.js";
import { Restriction } from "../lib/urls.js";

const body = (code, message) => ({ status: 0, code, message });

const STATUS_CASES = [
  // [status, error body, expected kind, expected message]
  [401, body("unauthorized", "Missing token"), ErrorKind.NOT_PAIRED, MESSAGES.not_paired],
  [403, body("forbidden", "Origin not allowed"), ErrorKind.FORBIDDEN, MESSAGES.forbidden],
  [404, body("not_found", "No article 9"), ErrorKind.NOT_FOUND, MESSAGES.not_found],
  [413, body("payload_too_large", "Body over 32 MiB"), ErrorKind.TOO_LARGE, MESSAGES.too_large],
  [
    422,
    body("not_readable", "This page has no article: it is mostly links."),
    ErrorKind.NOT_READABLE,
    "This page has no article: it is mostly links.",
  ],
  [422, body("not_readable", ""), ErrorKind.NOT_READABLE, MESSAGES.not_readable],
  [503, body("busy", "Try later"), ErrorKind.BUSY, MESSAGES.busy],
  [503, null, ErrorKind.BUSY, MESSAGES.busy],
  [
    503,
    body("read_only", "The database is read-only."),
    ErrorKind.STORAGE,
    "The database is read-only.",
  ],
  [507, body("disk_full", "The disk is full."), ErrorKind.STORAGE, "The disk is full."],
  [507, body("disk_full", ""), ErrorKind.STORAGE, MESSAGES.storage],
  [500, body("internal", "Traceback..."), ErrorKind.SERVER_ERROR, MESSAGES.server_error],
  [
    400,
    body("bad_request", "/url must be a string"),
    ErrorKind.BAD_REQUEST,
    "readmode rejected the request: /url must be a string",
  ],
  [415, body("unsupported_media_type", ""), ErrorKind.BAD_REQUEST, MESSAGES.bad_request],
  // No readmode error body: some other program answers on that port.
  [404, null, ErrorKind.WRONG_SERVER, MESSAGES.wrong_server],
  [401, null, ErrorKind.WRONG_SERVER, MESSAGES.wrong_server],
];

for (const [status, errorBody, kind, message] of STATUS_CASES) {
  test(`HTTP ${status} ${errorBody?.code ?? "(no readmode body)"} → ${kind}`, () => {
    const error = errorFromStatus(status, errorBody);
    assert.ok(error instanceof ReadmodeError);
    assert.equal(error.kind, kind);
    assert.equal(error.message, message);
    assert.equal(error.status, status);
  });
}

test("the user-facing sentences of the issue are exact", () => {
  assert.equal(MESSAGES.not_running, "readmode isn't running. Start it with `readmode serve`.");
  assert.equal(
    MESSAGES.not_paired,
    "Pair the extension: paste the token from `readmode token` in Options.",
  );
  assert.equal(MESSAGES.restricted, "Browsers don't let extensions read this page.");
});

test("a refused connection means the server isn't running", () => {
  const error = networkError(new TypeError("Failed to fetch"));
  assert.equal(error.kind, ErrorKind.NOT_RUNNING);
  assert.equal(error.message, MESSAGES.not_running);
});

test("a timeout is reported as such, not as 'not running'", () => {
  const error = networkError(new DOMException("signal timed out", "TimeoutError"));
  assert.equal(error.kind, ErrorKind.TIMEOUT);
});

test("the retry delay is kept on busy errors", () => {
  assert.equal(errorFromStatus(503, null, { retryAfter: 4 }).retryAfter, 4);
});

const SCRIPTING_REFUSALS = [
  "Cannot access a chrome:// URL",
  "Cannot access contents of the page. Extension manifest must request permission to access the respective host.",
  "The extensions gallery cannot be scripted.",
  'Cannot access contents of url "chrome-extension://abc/index.html".',
  "Missing host permission for the tab",
  "Frame with ID 0 is showing error page",
];

for (const text of SCRIPTING_REFUSALS) {
  test(`executeScript refusal "${text.slice(0, 40)}…" → restricted`, () => {
    const error = scriptingError(new Error(text));
    assert.equal(error.kind, ErrorKind.RESTRICTED);
    assert.equal(error.message, MESSAGES.restricted);
  });
}

test("an unknown executeScript failure is unexpected and keeps the detail", () => {
  const error = scriptingError(new Error("ReferenceError: foo is not defined"));
  assert.equal(error.kind, ErrorKind.UNEXPECTED);
  assert.match(error.message, /foo is not defined/);
});

test("restricted-page errors add a hint where one helps", () => {
  assert.equal(restrictedPageError(Restriction.BROWSER_PAGE).message, MESSAGES.restricted);
  assert.match(
    restrictedPageError(Restriction.FILE_ACCESS).message,
    /^Browsers don't let .*file URLs/,
  );
  assert.match(restrictedPageError(Restriction.READER_PAGE).message, /already a readmode page/);
});

test("toReadmodeError keeps ReadmodeErrors and wraps anything else", () => {
  const original = new ReadmodeError(ErrorKind.BUSY);
  assert.equal(toReadmodeError(original), original);
  const wrapped = toReadmodeError(new Error("boom"));
  assert.equal(wrapped.kind, ErrorKind.UNEXPECTED);
  assert.match(wrapped.message, /boom/);
  assert.equal(toReadmodeError(undefined).message, MESSAGES.unexpected);
});
