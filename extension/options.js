/**
 * Options: server address + pairing token (checked live against the server), where the reader
 * view opens, and the optional auto-paint permission. Settings save as you type.
 */

import { toReadmodeError } from "./lib/errors.js";
import { ALL_SITES, Command, SERVER_ACCESS, createHandlers } from "./lib/handlers.js";
import { MessageType } from "./lib/messages.js";
import { setMessage } from "./lib/snippets.js";
import {
  DEFAULT_SERVER_URL,
  loadSettings,
  normalizeServerUrl,
  saveSettings,
} from "./lib/settings.js";

const browser = globalThis.browser ?? globalThis.chrome;
const storage = browser.storage.local;
const handlers = createHandlers({
  browser,
  fetch: (...args) => globalThis.fetch(...args),
  storage,
});

const $ = (id) => document.getElementById(id);
const serverUrl = $("server-url");
const serverUrlError = $("server-url-error");
const token = $("token");
const toggleToken = $("toggle-token");
const pairingStatus = $("pairing-status");
const hostAccess = $("host-access");
const autoPaint = $("auto-paint");
const autoPaintStatus = $("auto-paint-status");

let checkTimer = null;
let checkSequence = 0;

function setPairing(state, text) {
  pairingStatus.dataset.state = state;
  setMessage(pairingStatus, text);
}

/** Validate, save, then check the connection; only the latest check may report. */
async function saveAndCheck() {
  let address;
  try {
    address = normalizeServerUrl(serverUrl.value);
    serverUrlError.hidden = true;
  } catch (error) {
    serverUrlError.hidden = false;
    serverUrlError.textContent = error.message;
    setPairing("error", "✗ Fix the server address first.");
    return;
  }
  const pasted = token.value.trim();
  await saveSettings(storage, { serverUrl: address, token: pasted });
  if (!pasted) {
    setPairing("idle", "Paste the token from `readmode token` to pair.");
    return;
  }
  const mine = ++checkSequence;
  setPairing("checking", "Checking…");
  try {
    const { version } = await handlers[MessageType.CHECK_PAIRING]({
      serverUrl: address,
      token: pasted,
    });
    if (mine === checkSequence) {
      setPairing("ok", `✓ Paired with readmode ${version} at ${address}.`);
    }
  } catch (error) {
    if (mine === checkSequence) {
      setPairing("error", `✗ ${toReadmodeError(error).message}`);
    }
  }
}

function scheduleCheck() {
  clearTimeout(checkTimer);
  checkTimer = setTimeout(saveAndCheck, 300);
}

async function refreshHostAccess() {
  const granted = await browser.permissions.contains(SERVER_ACCESS);
  hostAccess.hidden = granted;
}

/**
 * Show the shortcut the browser actually assigned: browsers skip a suggested key that clashes
 * with one of their own (Chromium 156 does with Alt+Shift+R, hence our Alt+Shift+E), leaving the
 * command without one.
 */
async function showShortcut() {
  const element = $("shortcut");
  const commands = await browser.commands.getAll();
  const shortcut = commands.find((command) => command.name === Command.OPEN_READER)?.shortcut;
  element.replaceChildren();
  if (shortcut) {
    const keys = document.createElement("kbd");
    keys.textContent = shortcut;
    element.append(keys, " opens the current page in the reader view.");
  } else {
    element.textContent =
      "No shortcut opens the reader view yet: your browser keeps the suggested " +
      "Alt+Shift+E for itself. Pick another one in its shortcut settings:";
  }
}

async function init() {
  const settings = await loadSettings(storage);
  serverUrl.value = settings.serverUrl || DEFAULT_SERVER_URL;
  serverUrl.placeholder = DEFAULT_SERVER_URL;
  token.value = settings.token;
  for (const radio of document.querySelectorAll('input[name="open-in"]')) {
    radio.checked = radio.value === settings.openIn;
  }
  autoPaint.checked = Boolean(
    settings.autoPaint && (await browser.permissions.contains(ALL_SITES)),
  );
  await refreshHostAccess();
  await showShortcut();
  if (settings.token) {
    await saveAndCheck();
  }
}

serverUrl.addEventListener("input", scheduleCheck);
token.addEventListener("input", scheduleCheck);
serverUrl.addEventListener("change", () => {
  try {
    serverUrl.value = normalizeServerUrl(serverUrl.value);
  } catch {
    // saveAndCheck shows the problem.
  }
});

toggleToken.addEventListener("click", () => {
  const show = token.type === "password";
  token.type = show ? "text" : "password";
  toggleToken.textContent = show ? "Hide" : "Show";
  toggleToken.setAttribute("aria-pressed", String(show));
});

for (const radio of document.querySelectorAll('input[name="open-in"]')) {
  radio.addEventListener("change", () => saveSettings(storage, { openIn: radio.value }));
}

$("grant-host-access").addEventListener("click", async () => {
  await browser.permissions.request(SERVER_ACCESS);
  await refreshHostAccess();
  await saveAndCheck();
});

autoPaint.addEventListener("change", async () => {
  // permissions.request must be the first await after the click (user-gesture rule).
  let enabled = autoPaint.checked;
  if (enabled) {
    enabled = await browser.permissions.request(ALL_SITES);
    autoPaint.checked = enabled;
    autoPaintStatus.textContent = enabled
      ? "On: your highlights appear on the pages you saved them from."
      : "Not turned on: the permission wasn't granted.";
  } else {
    await browser.permissions.remove(ALL_SITES);
    autoPaintStatus.textContent = "Off.";
  }
  await saveSettings(storage, { autoPaint: enabled });
  await browser.runtime.sendMessage({ type: MessageType.SYNC_AUTO_PAINT });
});

init().catch((error) => setPairing("error", `✗ ${toReadmodeError(error).message}`));
