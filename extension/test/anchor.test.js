import assert from "node:assert/strict";
import { test } from "node:test";

import "../lib/anchor.js";

const {
  CONTEXT_LENGTH,
  contextAround,
  fromCodePoints,
  locateQuote,
  normalize,
  quoteSelector,
  toCodePoints,
} = globalThis.readmodeAnchor;

const TEXT =
  "Reading Slowly\n\nWe read too fast. Slow reading is a skill.\n\n" +
  "The trick, she said, is to read too fast only when it doesn’t matter.\n\n" +
  "Slow reading is a skill that pays.";

const slice = (text, match) => text.slice(match.start, match.end);

test("an exact unique quote is found as is", () => {
  const match = locateQuote(TEXT, { exact: "The trick, she said" });
  assert.equal(match.method, "exact");
  assert.equal(slice(TEXT, match), "The trick, she said");
});

test("a repeated quote is told apart by its prefix and suffix", () => {
  const first = locateQuote(TEXT, {
    exact: "Slow reading is a skill",
    prefix: "We read too fast. ",
    suffix: ".\n\nThe trick",
  });
  const second = locateQuote(TEXT, {
    exact: "Slow reading is a skill",
    prefix: "matter.\n\n",
    suffix: " that pays.",
  });
  assert.equal(first.start, TEXT.indexOf("Slow reading"));
  assert.equal(second.start, TEXT.lastIndexOf("Slow reading"));
});

test("without context, the hint breaks ties", () => {
  const last = TEXT.lastIndexOf("read too fast");
  const match = locateQuote(TEXT, { exact: "read too fast" }, { hint: last - 3 });
  assert.equal(match.start, last);
});

test("line breaks in the selection match the article's paragraph breaks", () => {
  const match = locateQuote(TEXT, { exact: "is a skill.\nThe trick," });
  assert.equal(match.method, "whitespace");
  assert.equal(slice(TEXT, match), "is a skill.\n\nThe trick,");
});

test("typographic quotes, case and missing spaces are forgiven", () => {
  const match = locateQuote(TEXT, { exact: "WHEN IT DOESN'T MATTER.Slow" });
  assert.equal(match.method, "loose");
  assert.equal(slice(TEXT, match), "when it doesn’t matter.\n\nSlow");
});

test("a quote with something removed from its middle is found by head and tail", () => {
  const match = locateQuote(TEXT, {
    exact: "The trick, she said [1], is to read too fast only when",
  });
  assert.equal(match.method, "fuzzy");
  assert.equal(slice(TEXT, match), "The trick, she said, is to read too fast only when");
});

test("text that isn't there is not found", () => {
  assert.equal(locateQuote(TEXT, { exact: "Subscribe to our newsletter" }), null);
  assert.equal(locateQuote(TEXT, { exact: "   " }), null);
  assert.equal(locateQuote("", { exact: "x" }), null);
});

test("code points: astral characters count once, like Python", () => {
  const text = "a😀b🎉c";
  assert.equal(toCodePoints(text, 0), 0);
  assert.equal(toCodePoints(text, 1), 1);
  assert.equal(toCodePoints(text, 3), 2); // after the emoji (2 UTF-16 units)
  assert.equal(toCodePoints(text, text.length), 5);
  for (let cp = 0; cp <= 5; cp += 1) {
    assert.equal(toCodePoints(text, fromCodePoints(text, cp)), cp);
  }
  assert.equal(fromCodePoints(text, 99), text.length);
});

test("quoteSelector gives the exact text, 32 code points of context and code-point offsets", () => {
  const text = `${"x".repeat(40)}😀 the quote 😀${"y".repeat(40)}`;
  const start = text.indexOf("the quote");
  const end = start + "the quote".length;
  const selector = quoteSelector(text, start, end);
  assert.equal(selector.exact, "the quote");
  assert.equal(Array.from(selector.prefix).length, CONTEXT_LENGTH);
  assert.ok(selector.prefix.endsWith("😀 "));
  assert.ok(selector.suffix.startsWith(" 😀y"));
  assert.equal(Array.from(selector.suffix).length, CONTEXT_LENGTH);
  // Python: text[41+1 : ...] — 40 x's, the emoji (1 code point), a space.
  assert.equal(selector.start, 42);
  assert.equal(selector.end, 42 + 9);
});

test("context is shorter near the edges of the text", () => {
  assert.deepEqual(contextAround("abc", 1, 2), { prefix: "a", suffix: "c" });
});

test("normalised text maps every character back to its source", () => {
  const source = "  A\u00a0 “B”\n\n\u00adC…  ";
  for (const mode of ["exact", "whitespace", "loose"]) {
    const norm = normalize(source, mode);
    assert.equal(norm.starts.length, norm.chars.length);
    assert.equal(norm.ends.length, norm.chars.length);
    for (let i = 0; i < norm.chars.length; i += 1) {
      assert.ok(norm.starts[i] < norm.ends[i] && norm.ends[i] <= source.length);
    }
  }
  assert.equal(normalize(source, "whitespace").chars, "A “B” C… ");
  assert.equal(normalize(source, "loose").chars, 'a"b"c...');
});

test("a located quote round-trips for every slice of a text (property)", () => {
  const text = "One two three. Four five six.\n\nSeven 😀 eight nine, ten. Eleven twelve.";
  for (let start = 0; start < text.length; start += 3) {
    for (let end = start + 5; end <= text.length; end += 7) {
      const exact = text.slice(start, end);
      if (!exact.trim() || /^[\udc00-\udfff]/.test(exact) || /[\ud800-\udbff]$/.test(exact)) {
        continue; // half an emoji or only whitespace is not a quote
      }
      const { prefix, suffix } = contextAround(text, start, end);
      const match = locateQuote(text, { exact, prefix, suffix });
      assert.equal(slice(text, match).trim(), exact.trim(), `slice ${start}-${end}`);
    }
  }
});
