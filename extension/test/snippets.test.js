import assert from "node:assert/strict";
import { test } from "node:test";

import { splitCode, splitSnippet, unescapeHtml } from "../lib/snippets.js";

test("marks become marked parts, the rest is plain text", () => {
  assert.deepEqual(splitSnippet("…the <mark>slow</mark> way to <mark>read</mark>…"), [
    { text: "…the ", marked: false },
    { text: "slow", marked: true },
    { text: " way to ", marked: false },
    { text: "read", marked: true },
    { text: "…", marked: false },
  ]);
});

test("escaped markup stays text: a snippet can't inject elements", () => {
  const parts = splitSnippet("&lt;img src=x onerror=alert(1)&gt; <mark>a &amp; b</mark>");
  assert.deepEqual(parts, [
    { text: "<img src=x onerror=alert(1)> ", marked: false },
    { text: "a & b", marked: true },
  ]);
});

test("unbalanced or foreign tags are left as text", () => {
  assert.deepEqual(splitSnippet("<mark>open only"), [{ text: "<mark>open only", marked: false }]);
  assert.deepEqual(splitSnippet(""), []);
  assert.deepEqual(splitSnippet(undefined), []);
});

test("numeric and named references decode", () => {
  assert.equal(unescapeHtml("&#39;&#x27;&quot;&lt;&gt;&amp;&nbsp;&#128512;"), "''\"<>&\u00a0😀");
  assert.equal(unescapeHtml("&bogus; &#0;"), "&bogus; &#0;");
});

test("backticked commands in messages become code parts", () => {
  assert.deepEqual(splitCode("readmode isn't running. Start it with `readmode serve`."), [
    { text: "readmode isn't running. Start it with ", code: false },
    { text: "readmode serve", code: true },
    { text: ".", code: false },
  ]);
  assert.deepEqual(splitCode("no code"), [{ text: "no code", code: false }]);
  assert.deepEqual(splitCode("a lone ` tick"), [{ text: "a lone ` tick", code: false }]);
  assert.deepEqual(splitCode(undefined), []);
});
