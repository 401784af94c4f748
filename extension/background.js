/**
 * The service worker (Chrome) / background script (Firefox): wires browser events to the
 * handlers in lib/handlers.js and does nothing else.
 */

import {
  createHandlers,
  dispatch,
  messageForCommand,
  messageForMenuClick,
} from "./lib/handlers.js";
import { MessageType } from "./lib/messages.js";

const browser = globalThis.browser ?? globalThis.chrome;

const handlers = createHandlers({
  browser,
  fetch: (...args) => globalThis.fetch(...args),
  storage: browser.storage.local,
});
const extensionOrigin = browser.runtime.getURL("");
/** Requests raised by browser events inside the service worker itself (menus, shortcuts). */
const run = (message) => dispatch(handlers, message);

// For the end-to-end tests and for debugging from the service worker's console:
// `await readmode.run({type: "open-reader", tabId: 123})`.
globalThis.readmode = Object.freeze({ handlers, run });

browser.runtime.onInstalled.addListener(() => {
  run({ type: "install" });
});

browser.runtime.onStartup.addListener(() => {
  run({ type: MessageType.SYNC_AUTO_PAINT });
});

browser.contextMenus.onClicked.addListener((info, tab) => {
  const message = messageForMenuClick(info, tab);
  if (message) {
    run(message);
  }
});

browser.commands.onCommand.addListener((command, tab) => {
  const message = messageForCommand(command, tab);
  if (message) {
    run(message);
  }
});

browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (sender.id !== browser.runtime.id || message?.type === MessageType.STATUS) {
    return false;
  }
  // Content scripts in web pages may only send CONTENT_SCRIPT_MESSAGES (checked by dispatch).
  dispatch(handlers, message, sender, { extensionOrigin }).then(sendResponse);
  return true; // The answer is sent asynchronously.
});

for (const event of [browser.permissions.onAdded, browser.permissions.onRemoved]) {
  event.addListener(() => run({ type: MessageType.SYNC_AUTO_PAINT }));
}
