/**
 * Text from the server and from the error messages, turned into DOM safely.
 *
 * Search snippets from the server are HTML-escaped text with matches wrapped in
 * `<mark>`…`</mark>` (api.md). The popup never assigns them to innerHTML: it splits them into
 * plain-text parts here and builds the DOM with textContent.
 */

const ENTITIES = new Map([
  ["amp", "&"],
  ["lt", "<"],
  ["gt", ">"],
  ["quot", '"'],
  ["apos", "'"],
  ["nbsp", "\u00a0"],
]);

/** Decode the character references the server's escaping produces (named and numeric). */
export function unescapeHtml(text) {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref) => {
    if (ref[0] === "#") {
      const code =
        ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff
        ? String.fromCodePoint(code)
        : whole;
    }
    return ENTITIES.get(ref.toLowerCase()) ?? whole;
  });
}

/**
 * Split a snippet into `{text, marked}` parts, e.g. "a <mark>b</mark>" →
 * [{text: "a ", marked: false}, {text: "b", marked: true}]. Tags other than <mark> can't occur
 * (everything else is escaped); an unbalanced tag is treated as text.
 */
export function splitSnippet(snippet) {
  const parts = [];
  const pattern = /<mark>([\s\S]*?)<\/mark>/g;
  let last = 0;
  for (const match of String(snippet ?? "").matchAll(pattern)) {
    if (match.index > last) {
      parts.push({ text: unescapeHtml(snippet.slice(last, match.index)), marked: false });
    }
    parts.push({ text: unescapeHtml(match[1]), marked: true });
    last = match.index + match[0].length;
  }
  if (last < String(snippet ?? "").length) {
    parts.push({ text: unescapeHtml(snippet.slice(last)), marked: false });
  }
  return parts.filter((part) => part.text.length > 0);
}

/**
 * Split a user-facing message on `backticks` so commands can be shown as code:
 * "Start it with `readmode serve`." → [{text: "Start it with ", code: false},
 * {text: "readmode serve", code: true}, {text: ".", code: false}].
 */
export function splitCode(message) {
  return String(message ?? "")
    .split(/`([^`]+)`/)
    .map((text, index) => ({ text, code: index % 2 === 1 }))
    .filter((part) => part.text.length > 0);
}

/** Put `message` into `element` as text, with `backticked` parts in <code> elements. */
export function setMessage(element, message) {
  const document = element.ownerDocument;
  element.replaceChildren(
    ...splitCode(message).map(({ text, code }) => {
      if (!code) {
        return document.createTextNode(text);
      }
      const node = document.createElement("code");
      node.textContent = text;
      return node;
    }),
  );
}
