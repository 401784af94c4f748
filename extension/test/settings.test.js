import assert from "node:assert/strict";
import { test } from "node:test";

import { ErrorKind } from "../lib/errors.js";
import {
  DEFAULT_SETTINGS,
  loadSettings,
  normalizeServerUrl,
  saveSettings,
} from "../lib/settings.js";
import { memoryStorage } from "./fakes.js";

const ACCEPTED = [
  ["", "http://127.0.0.1:7836"],
  ["http://127.0.0.1:7836", "http://127.0.0.1:7836"],
  ["http://127.0.0.1:7836/", "http://127.0.0.1:7836"],
  ["127.0.0.1:9000", "http://127.0.0.1:9000"],
  ["  localhost:7836/read/3  ", "http://localhost:7836"],
  ["localhost", "http://localhost:7836"],
  ["http://localhost:80", "http://localhost:80"],
];

for (const [input, expected] of ACCEPTED) {
  test(`server address ${JSON.stringify(input)} → ${expected}`, () => {
    assert.equal(normalizeServerUrl(input), expected);
  });
}

const REJECTED = [
  ["https://127.0.0.1:7836", /plain http/],
  ["http://192.168.1.5:7836", /127\.0\.0\.1 or localhost/],
  ["http://example.com", /127\.0\.0\.1 or localhost/],
  ["http://[::1]:7836", /127\.0\.0\.1 or localhost/],
  ["http://", /isn't a valid address/],
];

for (const [input, message] of REJECTED) {
  test(`server address ${JSON.stringify(input)} is rejected`, () => {
    assert.throws(() => normalizeServerUrl(input), { kind: ErrorKind.BAD_SETTINGS, message });
  });
}

test("settings default and persist", async () => {
  const storage = memoryStorage();
  assert.deepEqual(await loadSettings(storage), DEFAULT_SETTINGS);
  await saveSettings(storage, { token: "t", openIn: "new-tab" });
  const loaded = await loadSettings(storage);
  assert.equal(loaded.token, "t");
  assert.equal(loaded.openIn, "new-tab");
  assert.equal(loaded.serverUrl, "http://127.0.0.1:7836");
});
