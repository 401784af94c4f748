/**
 * The extension's settings, kept in `storage.local`.
 *
 * `storage` is anything with the `chrome.storage.local` promise API (`get(keys)`, `set(items)`),
 * injected so tests can pass a plain in-memory object.
 */

import { ErrorKind, ReadmodeError } from "./errors.js";

export const DEFAULT_SERVER_URL = "http://127.0.0.1:7836";

export const OpenIn = Object.freeze({ SAME_TAB: "same-tab", NEW_TAB: "new-tab" });

export const DEFAULT_SETTINGS = Object.freeze({
  serverUrl: DEFAULT_SERVER_URL,
  token: "",
  openIn: OpenIn.SAME_TAB,
  autoPaint: false,
});

/** Hosts the manifest's host_permissions cover; the server must be on one of them. */
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost"]);

/** Read all settings, filling in defaults. */
export async function loadSettings(storage) {
  const stored = await storage.get(Object.keys(DEFAULT_SETTINGS));
  return { ...DEFAULT_SETTINGS, ...stored };
}

/** Store some settings (validated by the caller with {@link normalizeServerUrl} etc.). */
export async function saveSettings(storage, changes) {
  await storage.set(changes);
}

/**
 * Turn what the user typed into the canonical server origin ("http://127.0.0.1:7836").
 *
 * Accepts "127.0.0.1:7836", "http://localhost:7836/", "localhost" (default port). The server only
 * listens on loopback, and the extension only has permission for loopback, so anything else is
 * rejected with a message that says so.
 *
 * @throws {ReadmodeError} kind BAD_SETTINGS
 */
export function normalizeServerUrl(input) {
  const text = String(input ?? "").trim();
  if (!text) {
    return DEFAULT_SERVER_URL;
  }
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let url;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ReadmodeError(ErrorKind.BAD_SETTINGS, `"${text}" isn't a valid address.`);
  }
  if (url.protocol !== "http:") {
    throw new ReadmodeError(
      ErrorKind.BAD_SETTINGS,
      "The readmode server speaks plain http on this computer (for example http://127.0.0.1:7836).",
    );
  }
  if (!LOOPBACK_HOSTS.has(url.hostname)) {
    throw new ReadmodeError(
      ErrorKind.BAD_SETTINGS,
      "readmode runs on this computer: use 127.0.0.1 or localhost as the address.",
    );
  }
  // URL drops the scheme's default port, so tell "localhost" (no port: readmode's default) from
  // an explicit "localhost:80".
  const explicitPort = /^[a-z]+:\/\/[^/]*:\d+/i.test(withScheme);
  const port = url.port || (explicitPort ? "80" : "7836");
  return `http://${url.hostname}:${port}`;
}
