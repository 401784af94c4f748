import assert from "node:assert/strict";
import { test } from "node:test";

import { Restriction, restrictionFor } from "../lib/urls.js";

const SERVER = "http://127.0.0.1:7836";

const CASES = [
  // [url, context, expected]
  ["https://example.com/article", {}, null],
  ["http://blog.example.org/2024/post?id=3#top", {}, null],
  ["chrome://version", {}, Restriction.BROWSER_PAGE],
  ["chrome://extensions/", {}, Restriction.BROWSER_PAGE],
  ["edge://settings", {}, Restriction.BROWSER_PAGE],
  ["brave://settings", {}, Restriction.BROWSER_PAGE],
  ["about:blank", {}, Restriction.BROWSER_PAGE],
  ["about:addons", {}, Restriction.BROWSER_PAGE],
  ["view-source:https://example.com/", {}, Restriction.BROWSER_PAGE],
  ["chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/index.html", {}, Restriction.BROWSER_PAGE],
  ["moz-extension://1234/popup.html", {}, Restriction.BROWSER_PAGE],
  ["devtools://devtools/bundled/inspector.html", {}, Restriction.BROWSER_PAGE],
  ["data:text/html,<p>hi</p>", {}, Restriction.BROWSER_PAGE],
  ["javascript:void(0)", {}, Restriction.BROWSER_PAGE],
  ["ftp://example.com/file.txt", {}, Restriction.BROWSER_PAGE],
  ["https://chromewebstore.google.com/detail/abc", {}, Restriction.BROWSER_PAGE],
  ["https://chrome.google.com/webstore/detail/abc", {}, Restriction.BROWSER_PAGE],
  ["https://chrome.google.com/search", {}, null],
  ["https://addons.mozilla.org/en-US/firefox/", {}, Restriction.BROWSER_PAGE],
  ["https://microsoftedge.microsoft.com/addons/detail/x", {}, Restriction.BROWSER_PAGE],
  ["file:///home/me/notes.html", {}, Restriction.FILE_ACCESS],
  ["file:///home/me/notes.html", { fileAccessAllowed: true }, null],
  [`${SERVER}/read/3`, { serverUrl: SERVER }, Restriction.READER_PAGE],
  ["http://localhost:7836/search?q=x", { serverUrl: SERVER }, Restriction.READER_PAGE],
  ["http://127.0.0.1:9000/page.html", { serverUrl: SERVER }, null],
  [undefined, {}, Restriction.UNKNOWN_PAGE],
  ["", {}, Restriction.UNKNOWN_PAGE],
  ["not a url", {}, Restriction.UNKNOWN_PAGE],
];

for (const [url, context, expected] of CASES) {
  test(`restrictionFor(${JSON.stringify(url)}, ${JSON.stringify(context)}) is ${expected}`, () => {
    assert.equal(restrictionFor(url, context), expected);
  });
}
