import assert from "node:assert/strict";
import { test } from "node:test";

import { createLiveSearch } from "../lib/live-search.js";
import { manualTimers } from "./fakes.js";

function setup() {
  const timers = manualTimers();
  const searches = [];
  const renders = [];
  const search = (query, signal) =>
    new Promise((resolve, reject) => {
      searches.push({ query, signal, resolve });
      signal.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")));
    });
  const live = createLiveSearch({ search, render: (s) => renders.push(s), timers });
  return { live, timers, searches, renders };
}

test("keystrokes are debounced into one search", () => {
  const { live, timers, searches } = setup();
  live.input("s");
  live.input("sl");
  live.input("slow");
  assert.equal(timers.count, 1);
  timers.runAll();
  assert.deepEqual(
    searches.map((s) => s.query),
    ["slow"],
  );
});

test("a new query aborts the running search and only the newest result renders", async () => {
  const { live, timers, searches, renders } = setup();
  live.input("slow");
  timers.runAll();
  live.input("slower");
  assert.equal(searches[0].signal.aborted, true);
  timers.runAll();
  searches[1].resolve({ total: 1, results: [{ id: 2 }] });
  await new Promise((resolve) => setImmediate(resolve));
  const finished = renders.filter((r) => !r.pending);
  assert.deepEqual(finished, [{ query: "slower", result: { total: 1, results: [{ id: 2 }] } }]);
});

test("clearing the box clears the results without a request", () => {
  const { live, searches, renders } = setup();
  live.input("   ");
  assert.equal(searches.length, 0);
  assert.deepEqual(renders, [{ query: "", result: { total: 0, results: [], articles: [] } }]);
});

test("errors render with the query", async () => {
  const timers = manualTimers();
  const renders = [];
  const live = createLiveSearch({
    search: async () => {
      throw new Error("readmode isn't running.");
    },
    render: (s) => renders.push(s),
    timers,
  });
  await live.flush("x");
  assert.equal(renders.at(-1).error.message, "readmode isn't running.");
});
