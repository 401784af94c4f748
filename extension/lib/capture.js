/**
 * Functions injected into the page with `scripting.executeScript({func})`.
 *
 * The browser serialises each function's source and runs it in the page's isolated world, so
 * every function here must be self-contained: no references to anything outside its own body
 * (helpers are declared inside). Their results must be JSON-serialisable.
 */

/**
 * Capture the live page as the reader sees it: resolve lazily loaded images first (so the
 * reader view shows them), then return the serialised DOM.
 *
 * @returns {{ html: string, url: string, title: string }}
 */
export function captureLivePage() {
  const LAZY_SRC = ["data-src", "data-lazy-src", "data-original", "data-lazy", "data-url"];
  const LAZY_SRCSET = ["data-srcset", "data-lazy-srcset"];
  // A real image URL, not a placeholder such as "data:image/gif;base64,R0lGOD…" (1×1 pixel).
  const isRealUrl = (value) => Boolean(value) && !/^\s*data:/i.test(value) && !/^\s*$/.test(value);

  for (const element of document.querySelectorAll("img, source")) {
    for (const name of LAZY_SRCSET) {
      const value = element.getAttribute(name);
      if (isRealUrl(value)) {
        element.setAttribute("srcset", value);
        break;
      }
    }
    if (element.tagName === "IMG") {
      for (const name of LAZY_SRC) {
        const value = element.getAttribute(name);
        if (isRealUrl(value) && !isRealUrl(element.getAttribute("src"))) {
          element.setAttribute("src", value);
          break;
        }
      }
      if (element.getAttribute("loading") === "lazy") {
        element.setAttribute("loading", "eager");
      }
      // What the browser actually picked from srcset/<picture>: the server sees one plain URL.
      if (element.currentSrc && isRealUrl(element.currentSrc)) {
        element.setAttribute("src", element.currentSrc);
      }
    }
  }
  return {
    html: document.documentElement.outerHTML,
    url: location.href,
    title: document.title,
  };
}

/**
 * The current selection as a text quote: the exact text plus `contextLength` characters of the
 * page text on each side (whitespace collapsed), used to find it again in the article's text.
 *
 * @param {number} contextLength
 * @returns {{ exact: string, prefix: string, suffix: string } | null} null: nothing selected
 */
export function captureSelection(contextLength) {
  const selection = window.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) {
    return null;
  }
  const range = selection.getRangeAt(0);
  const exact = selection.toString();
  if (!exact.trim()) {
    return null;
  }
  const collapse = (text) => text.replace(/\s+/g, " ");
  const root = document.body ?? document.documentElement;
  const before = document.createRange();
  before.selectNodeContents(root);
  before.setEnd(range.startContainer, range.startOffset);
  const after = document.createRange();
  after.selectNodeContents(root);
  after.setStart(range.endContainer, range.endOffset);
  // Only the nearby text matters; collapsing whitespace first keeps the context meaningful.
  const prefix = collapse(before.toString().slice(-contextLength * 4)).slice(-contextLength);
  const suffix = collapse(after.toString().slice(0, contextLength * 4)).slice(0, contextLength);
  return { exact, prefix, suffix };
}

/** The page's address, when that's all a handler needs. */
export function pageLocation() {
  return location.href;
}

/**
 * A small notice at the bottom of the page that fades away: feedback for actions started from
 * the context menu or a keyboard shortcut, where no extension UI is open. Lives in a closed
 * shadow root so the page's styles can't touch it (and it can't touch the page).
 *
 * @param {string} message
 * @param {"ok" | "error"} kind
 */
export function showToast(message, kind) {
  const HOST_ID = "readmode-toast-host";
  document.getElementById(HOST_ID)?.remove();
  const host = document.createElement("div");
  host.id = HOST_ID;
  const shadow = host.attachShadow({ mode: "closed" });
  const box = document.createElement("div");
  // Styles through the CSSOM, not a <style> element: a page's CSP can block inline style
  // elements but not property assignments.
  Object.assign(box.style, {
    position: "fixed",
    zIndex: "2147483647",
    right: "16px",
    bottom: "16px",
    maxWidth: "360px",
    padding: "10px 14px",
    borderRadius: "8px",
    font: "14px/1.4 system-ui, sans-serif",
    color: "#fff",
    background: kind === "error" ? "#8a1c1c" : "#1f3a5f",
    boxShadow: "0 4px 16px rgba(0, 0, 0, 0.25)",
    transition: "opacity 0.3s",
  });
  box.setAttribute("role", kind === "error" ? "alert" : "status");
  box.textContent = message;
  shadow.append(box);
  (document.body ?? document.documentElement).append(host);
  setTimeout(
    () => {
      box.style.opacity = "0";
    },
    kind === "error" ? 6000 : 3000,
  );
  setTimeout(() => host.remove(), kind === "error" ? 6500 : 3500);
}
