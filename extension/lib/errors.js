/**
 * Every failure the extension can meet, mapped to one sentence a reader can act on.
 *
 * The API client turns network failures and the server's error responses (api.md: `{"error":
 * {status, code, message}}`) into {@link ReadmodeError}s; the URL rules and handlers add their
 * own. UI code only ever shows `error.message`.
 */

import { Restriction } from "./urls.js";

/** The kinds of failure, stable identifiers for code and tests. */
export const ErrorKind = Object.freeze({
  NOT_RUNNING: "not_running",
  NOT_PAIRED: "not_paired",
  FORBIDDEN: "forbidden",
  NOT_READABLE: "not_readable",
  TOO_LARGE: "too_large",
  BUSY: "busy",
  STORAGE: "storage",
  RESTRICTED: "restricted",
  NOT_FOUND: "not_found",
  BAD_REQUEST: "bad_request",
  SERVER_ERROR: "server_error",
  WRONG_SERVER: "wrong_server",
  TIMEOUT: "timeout",
  NO_SELECTION: "no_selection",
  QUOTE_NOT_FOUND: "quote_not_found",
  NOT_SAVED: "not_saved",
  NO_SERVER_ACCESS: "no_server_access",
  BAD_SETTINGS: "bad_settings",
  UNEXPECTED: "unexpected",
});

export const MESSAGES = Object.freeze({
  [ErrorKind.NOT_RUNNING]: "readmode isn't running. Start it with `readmode serve`.",
  [ErrorKind.NOT_PAIRED]: "Pair the extension: paste the token from `readmode token` in Options.",
  [ErrorKind.FORBIDDEN]:
    "The readmode server refused this request. Check the server address in Options.",
  [ErrorKind.NOT_READABLE]: "readmode couldn't find an article on this page.",
  [ErrorKind.TOO_LARGE]: "This page is too large for readmode to save.",
  [ErrorKind.BUSY]: "readmode is busy right now. Try again in a moment.",
  [ErrorKind.STORAGE]:
    "readmode couldn't save: its disk is full or read-only. Its terminal shows the details.",
  [ErrorKind.RESTRICTED]: "Browsers don't let extensions read this page.",
  [ErrorKind.NOT_FOUND]: "readmode doesn't have that any more (it may have been deleted).",
  [ErrorKind.BAD_REQUEST]: "readmode rejected the request.",
  [ErrorKind.SERVER_ERROR]: "readmode hit an internal error. Its terminal shows the details.",
  [ErrorKind.WRONG_SERVER]:
    "Something other than readmode answered at that address. Check the server address in Options.",
  [ErrorKind.TIMEOUT]: "readmode took too long to answer. Try again in a moment.",
  [ErrorKind.NO_SELECTION]: "Select some text on the page first.",
  [ErrorKind.QUOTE_NOT_FOUND]:
    "The selected text isn't part of the article readmode found on this page " +
    "(it may be in a sidebar or menu), so the highlight wasn't saved.",
  [ErrorKind.NOT_SAVED]: "This page isn't saved in readmode yet.",
  [ErrorKind.NO_SERVER_ACCESS]:
    "Your browser hasn't let the extension reach readmode yet: open the extension's Options " +
    "and click “Allow access to readmode”.",
  [ErrorKind.BAD_SETTINGS]: "The server address in Options isn't valid.",
  [ErrorKind.UNEXPECTED]: "Something went wrong in the readmode extension.",
});

/** Extra hints appended to the restricted-page message, by {@link Restriction}. */
const RESTRICTION_HINTS = Object.freeze({
  [Restriction.BROWSER_PAGE]: "",
  [Restriction.UNKNOWN_PAGE]: "",
  [Restriction.FILE_ACCESS]:
    " To read local files, allow access to file URLs on the extension's settings page.",
  [Restriction.READER_PAGE]: " This is already a readmode page.",
});

export class ReadmodeError extends Error {
  /**
   * @param {string} kind one of {@link ErrorKind}
   * @param {string} [message] defaults to the standard sentence for `kind`
   * @param {{ status?: number, code?: string, retryAfter?: number, cause?: unknown }} [details]
   */
  constructor(kind, message, { status, code, retryAfter, cause } = {}) {
    super(message || MESSAGES[kind] || MESSAGES[ErrorKind.UNEXPECTED], { cause });
    this.name = "ReadmodeError";
    this.kind = kind;
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

/** The error for a page the browser won't let us read. */
export function restrictedPageError(restriction) {
  const hint = RESTRICTION_HINTS[restriction] ?? "";
  return new ReadmodeError(ErrorKind.RESTRICTED, MESSAGES[ErrorKind.RESTRICTED] + hint, {
    code: restriction,
  });
}

/** `fetch` rejected: nothing listens at the server address (or the browser blocked the call). */
export function networkError(cause) {
  if (cause?.name === "TimeoutError") {
    return new ReadmodeError(ErrorKind.TIMEOUT, undefined, { cause });
  }
  return new ReadmodeError(ErrorKind.NOT_RUNNING, undefined, { cause });
}

/**
 * Map an HTTP error status plus the server's error body (may be null when the body wasn't the
 * readmode error shape) to a {@link ReadmodeError}.
 *
 * @param {number} status
 * @param {{ code?: string, message?: string } | null} body the `error` object of the response
 * @param {{ retryAfter?: number }} [extra]
 */
export function errorFromStatus(status, body, { retryAfter } = {}) {
  const serverMessage = typeof body?.message === "string" ? body.message.trim() : "";
  const details = { status, code: body?.code, retryAfter };
  if (!body && status !== 503) {
    // A non-readmode error page: another program listens on that port.
    return new ReadmodeError(ErrorKind.WRONG_SERVER, undefined, details);
  }
  switch (status) {
    case 401:
      return new ReadmodeError(ErrorKind.NOT_PAIRED, undefined, details);
    case 403:
      return new ReadmodeError(ErrorKind.FORBIDDEN, undefined, details);
    case 404:
      return new ReadmodeError(ErrorKind.NOT_FOUND, undefined, details);
    case 413:
      return new ReadmodeError(ErrorKind.TOO_LARGE, undefined, details);
    case 422:
      // The server's reason is the useful part: "no article found", "page is empty", ...
      return new ReadmodeError(ErrorKind.NOT_READABLE, serverMessage, details);
    case 503:
      // A read-only database is not "busy": waiting won't help, the user has to act, and the
      // server's sentence says how.
      if (body?.code === "read_only") {
        return new ReadmodeError(ErrorKind.STORAGE, serverMessage || undefined, details);
      }
      return new ReadmodeError(ErrorKind.BUSY, undefined, details);
    case 507:
      return new ReadmodeError(ErrorKind.STORAGE, serverMessage || undefined, details);
    default:
      if (status >= 500) {
        return new ReadmodeError(ErrorKind.SERVER_ERROR, undefined, details);
      }
      return new ReadmodeError(
        ErrorKind.BAD_REQUEST,
        serverMessage ? `readmode rejected the request: ${serverMessage}` : undefined,
        details,
      );
  }
}

/** Failures from `chrome.scripting.executeScript` that mean "this page is off limits". */
const SCRIPTING_REFUSALS = [
  /cannot access/i, // "Cannot access a chrome:// URL", "Cannot access contents of the page"
  /cannot be scripted/i, // "The extensions gallery cannot be scripted."
  /missing host permission/i,
  /cannot script/i,
  /no tab with id/i,
  /frame with id \d+ (is|was) removed/i,
  /error page/i, // "Frame with ID 0 is showing error page"
  /missing (required )?permission/i, // Firefox: "Missing host permission for the tab"
];

/** Map an executeScript/insertCSS rejection: restricted page, or an unexpected bug. */
export function scriptingError(cause) {
  const text = String(cause?.message ?? cause ?? "");
  if (SCRIPTING_REFUSALS.some((pattern) => pattern.test(text))) {
    return new ReadmodeError(ErrorKind.RESTRICTED, undefined, { cause });
  }
  return new ReadmodeError(ErrorKind.UNEXPECTED, `${MESSAGES[ErrorKind.UNEXPECTED]} (${text})`, {
    cause,
  });
}

/** Any thrown value → a ReadmodeError (keeps ReadmodeErrors as they are). */
export function toReadmodeError(error) {
  if (error instanceof ReadmodeError) {
    return error;
  }
  const text = String(error?.message ?? error ?? "");
  return new ReadmodeError(
    ErrorKind.UNEXPECTED,
    text ? `${MESSAGES[ErrorKind.UNEXPECTED]} (${text})` : undefined,
    { cause: error },
  );
}
