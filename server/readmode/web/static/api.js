/**
 * The readmode JSON API, as the pages use it: same-origin fetches that carry the page-session
 * cookie, and one error type whose `message` is the server's human sentence (the API's error
 * shape), ready to show in a toast.
 */

const SESSION_ENDED =
  "Your session has ended. Open this page again from the readmode extension, or log in at /login.";

export class ApiError extends Error {
  constructor(status, code, message, field = null) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

async function request(method, path, { body, signal } = {}) {
  const init = {
    method,
    credentials: "same-origin",
    headers: { Accept: "application/json" },
    signal,
  };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiError(0, "network", "Could not reach the readmode server. Is it still running?");
  }
  if (response.status === 204) return null;
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (response.status === 401) {
    // The page session (cookie) expired or the server was restarted with a new token.
    throw new ApiError(401, "unauthorized", SESSION_ENDED);
  }
  if (!response.ok) {
    const error = data && typeof data === "object" ? data.error : null;
    if (error && typeof error.message === "string") {
      throw new ApiError(response.status, error.code || "error", error.message, error.field);
    }
    throw new ApiError(response.status, "error", `The server answered ${response.status}.`);
  }
  return data;
}

export const api = {
  article: (id) => request("GET", `/api/articles/${encodeURIComponent(id)}`),
  highlights: (articleId) =>
    request("GET", `/api/articles/${encodeURIComponent(articleId)}/highlights`),
  createHighlight: (payload) => request("POST", "/api/highlights", { body: payload }),
  updateHighlight: (id, changes) =>
    request("PATCH", `/api/highlights/${encodeURIComponent(id)}`, { body: changes }),
  deleteHighlight: (id) => request("DELETE", `/api/highlights/${encodeURIComponent(id)}`),
  search: (query, { signal, limit = 30, offset = 0 } = {}) => {
    const params = new URLSearchParams({ q: query, limit: String(limit), offset: String(offset) });
    return request("GET", `/api/search?${params}`, { signal });
  },
};
