import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { test } from "node:test";

import { ALL_SITES, SERVER_ACCESS } from "../lib/handlers.js";

const root = new URL("../", import.meta.url);
const manifest = JSON.parse(readFileSync(new URL("manifest.json", root), "utf8"));

test("one background entry for both browsers, as an ES module", () => {
  assert.deepEqual(manifest.background, {
    service_worker: "background.js",
    scripts: ["background.js"],
    type: "module",
  });
});

test("Firefox id and minimum version", () => {
  const gecko = manifest.browser_specific_settings.gecko;
  assert.match(gecko.id, /^[\w.-]+@[\w.-]+$/);
  assert.match(gecko.strict_min_version, /^\d+\.0$/);
});

test("minimal permissions: loopback only, all sites optional", () => {
  assert.deepEqual(manifest.permissions.toSorted(), [
    "activeTab",
    "contextMenus",
    "scripting",
    "storage",
  ]);
  assert.deepEqual(manifest.host_permissions, ["http://127.0.0.1/*", "http://localhost/*"]);
  assert.deepEqual(manifest.optional_host_permissions, ["<all_urls>"]);
  // The handlers check these same origins at runtime.
  assert.deepEqual(SERVER_ACCESS.origins, manifest.host_permissions);
  assert.deepEqual(ALL_SITES.origins, manifest.optional_host_permissions);
  assert.equal(manifest.content_scripts, undefined, "content scripts are registered at runtime");
});

test("popup, options and the open-reader shortcut", () => {
  assert.equal(manifest.action.default_popup, "popup.html");
  assert.equal(manifest.options_ui.page, "options.html");
  assert.equal(manifest.commands["open-reader"].suggested_key.default, "Alt+Shift+E");
  assert.ok(manifest.commands._execute_action);
});

test("every referenced file exists; icons are PNGs of the declared size", () => {
  const files = [
    manifest.background.service_worker,
    manifest.action.default_popup,
    manifest.options_ui.page,
    "content/auto-paint.js",
    "lib/anchor.js",
    "lib/paint.js",
  ];
  for (const file of files) {
    assert.ok(existsSync(new URL(file, root)), file);
  }
  for (const [size, file] of Object.entries(manifest.icons)) {
    const png = readFileSync(new URL(file, root));
    assert.equal(png.subarray(1, 4).toString("latin1"), "PNG", file);
    // IHDR width and height, big-endian, at bytes 16..23.
    assert.equal(png.readUInt32BE(16), Number(size), file);
    assert.equal(png.readUInt32BE(20), Number(size), file);
    assert.ok(png.length < 4096, `${file} stays small`);
  }
  assert.deepEqual(manifest.action.default_icon, manifest.icons);
});

test("extension pages load only their own module scripts (MV3 CSP: no inline code)", () => {
  for (const page of ["popup.html", "options.html"]) {
    const html = readFileSync(new URL(page, root), "utf8");
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, `${page} has an inline script`);
    assert.doesNotMatch(html, /\son[a-z]+=/i, `${page} has an inline event handler`);
    assert.match(html, /<script type="module" src="[a-z-]+\.js"><\/script>/);
  }
});
