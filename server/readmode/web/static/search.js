/**
 * Search as you type: debounced queries to /api/search, each one aborting the last, results
 * built as DOM (never innerHTML), the query mirrored into the URL with replaceState.
 */

import { api } from "./api.js";

const DEBOUNCE_MS = 80;
const COLORS = ["yellow", "green", "blue", "pink", "purple"];
const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** Decodes the entities an HTML-escaped string can contain. */
function unescapeHtml(text) {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name) => {
    if (name[0] === "#") {
      const code =
        name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isFinite(code) && code >= 0 && code <= 0x10ffff
        ? String.fromCodePoint(code)
        : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/**
 * Builds a snippet ("…the <mark>fox</mark> &amp; the dog…") as text nodes and <mark>s. The
 * server escapes everything except its own marks; splitting on them and using text nodes
 * means nothing in a snippet can ever become markup here, whatever the server sent.
 */
export function snippetNodes(snippet) {
  const nodes = [];
  let inMark = false;
  for (const part of String(snippet || "").split(/(<mark>|<\/mark>)/)) {
    if (part === "<mark>") inMark = true;
    else if (part === "</mark>") inMark = false;
    else if (part) {
      const text = document.createTextNode(unescapeHtml(part));
      if (inMark) {
        const mark = document.createElement("mark");
        mark.append(text);
        nodes.push(mark);
      } else {
        nodes.push(text);
      }
    }
  }
  return nodes;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function highlightResult({ highlight, article, snippet }) {
  const color = COLORS.includes(highlight.color) ? highlight.color : "yellow";
  const item = element("li", `result result--highlight result--${color}`);
  const link = element("a", "result__link");
  const articleId = encodeURIComponent(highlight.article_id);
  link.href = `/read/${articleId}#h-${encodeURIComponent(highlight.id)}`;
  const quote = element("p", "result__snippet");
  quote.append(...snippetNodes(snippet || highlight.exact));
  link.append(quote);
  if (highlight.note) link.append(element("p", "result__note", highlight.note));
  const meta = element("div", "result__meta");
  meta.append(element("span", "result__title", article?.title || "Untitled"));
  if (article?.site_name) meta.append(element("span", "", article.site_name));
  for (const tag of highlight.tags || []) meta.append(element("span", "tag", tag));
  link.append(meta);
  item.append(link);
  return item;
}

function articleResult(article) {
  const item = element("li", "result result--article");
  const link = element("a", "result__link");
  link.href = `/read/${encodeURIComponent(article.id)}`;
  link.append(element("span", "result__title result__title--article", article.title || "Untitled"));
  if (article.snippet) {
    const snippet = element("p", "result__snippet result__snippet--article");
    snippet.append(...snippetNodes(article.snippet));
    link.append(snippet);
  }
  if (article.site_name) {
    const meta = element("div", "result__meta");
    meta.append(element("span", "", article.site_name));
    link.append(meta);
  }
  item.append(link);
  return item;
}

function plural(count, word) {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

class SearchPage {
  constructor() {
    this.form = document.getElementById("search-form");
    this.input = document.getElementById("q");
    this.status = document.getElementById("search-status");
    this.highlightList = document.getElementById("highlight-results");
    this.articleList = document.getElementById("article-results");
    this.articleTitle = document.getElementById("article-results-title");
    this.moreButton = document.getElementById("search-more");
    this.controller = null;
    /** The query on screen and how many of its highlight results are shown. */
    this.shown = { query: "", count: 0, total: 0 };
    this.timer = 0;
    this.lastQuery = null;
  }

  start() {
    this.input.addEventListener("input", () => this.schedule());
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.run(this.input.value, { force: true });
    });
    document.querySelector(".chips")?.addEventListener("click", (event) => {
      const chip = event.target.closest("[data-insert]");
      if (chip) this.insert(chip.dataset.insert);
    });
    this.input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown") {
        const first = document.querySelector("#results .result__link");
        if (first) {
          event.preventDefault();
          first.focus();
        }
      }
    });
    document
      .getElementById("results")
      .addEventListener("keydown", (event) => this.moveFocus(event));
    this.moreButton.addEventListener("click", () => this.loadMore());
    // Place the caret at the end of a prefilled query.
    const length = this.input.value.length;
    this.input.setSelectionRange(length, length);
    if (this.input.value.trim()) this.run(this.input.value);
  }

  schedule() {
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => this.run(this.input.value), DEBOUNCE_MS);
  }

  /** Adds a filter to the query: `color:x` replaces an existing colour filter. */
  insert(token) {
    let query = this.input.value;
    if (token.startsWith("color:")) query = query.replace(/(^|\s)color:\S*/g, "").trim();
    query = query && !/\s$/.test(query) ? `${query} ${token}` : `${query}${token}`;
    this.input.value = query;
    this.input.focus();
    this.input.setSelectionRange(query.length, query.length);
    // A bare "tag:" needs a value first; a colour is complete.
    if (!token.endsWith(":")) this.run(query);
  }

  async run(rawQuery, { force = false } = {}) {
    const query = rawQuery.trim();
    if (query === this.lastQuery && !force) return;
    this.lastQuery = query;
    this.controller?.abort();
    this.controller = null;
    this.updateUrl(rawQuery);
    if (!query) {
      this.render({ total: 0, results: [], articles: [] }, "");
      this.setStatus("Type to search everything you have highlighted and saved.");
      return;
    }
    const controller = new AbortController();
    this.controller = controller;
    document.body.setAttribute("aria-busy", "true");
    try {
      const data = await api.search(query, { signal: controller.signal });
      if (controller.signal.aborted) return;
      this.render(data, query);
    } catch (error) {
      if (error.name === "AbortError") return;
      this.setStatus(error.message || "Search failed.", true);
    } finally {
      if (this.controller === controller) {
        this.controller = null;
        document.body.removeAttribute("aria-busy");
      }
    }
  }

  render(data, query) {
    const results = Array.isArray(data.results) ? data.results : [];
    const articles = Array.isArray(data.articles) ? data.articles : [];
    const total = typeof data.total === "number" ? data.total : results.length;
    this.highlightList.replaceChildren(...results.map(highlightResult));
    this.articleList.replaceChildren(...articles.map(articleResult));
    this.articleTitle.hidden = articles.length === 0;
    this.shown = { query, count: results.length, total };
    this.moreButton.hidden = !query || results.length >= total;
    if (!query) return;
    if (!results.length && !articles.length) {
      this.setStatus(`No matches for “${query}”.`);
      return;
    }
    const parts = [];
    if (results.length || !articles.length) {
      parts.push(plural(total, "highlight"));
    }
    if (articles.length) parts.push(plural(articles.length, "article"));
    this.setStatus(parts.join(" · "));
  }

  /** The next page of highlight results for the query on screen, appended. */
  async loadMore() {
    const { query, count } = this.shown;
    if (!query || this.controller) return;
    const controller = new AbortController();
    this.controller = controller;
    this.moreButton.disabled = true;
    try {
      const data = await api.search(query, { signal: controller.signal, offset: count });
      const results = Array.isArray(data.results) ? data.results : [];
      const items = results.map(highlightResult);
      this.highlightList.append(...items);
      this.shown = { ...this.shown, count: count + results.length };
      this.moreButton.hidden = !results.length || this.shown.count >= this.shown.total;
      // Keyboard users continue from the first new result.
      items[0]?.querySelector("a")?.focus({ preventScroll: true });
    } catch (error) {
      if (error.name !== "AbortError") this.setStatus(error.message || "Search failed.", true);
    } finally {
      this.moreButton.disabled = false;
      if (this.controller === controller) this.controller = null;
    }
  }

  setStatus(message, isError = false) {
    this.status.textContent = message;
    this.status.classList.toggle("search-status--error", isError);
  }

  updateUrl(query) {
    const url = query.trim() ? `/search?q=${encodeURIComponent(query.trim())}` : "/search";
    if (window.location.pathname + window.location.search !== url) {
      window.history.replaceState(null, "", url);
    }
    document.title = query.trim() ? `${query.trim()} · Search · readmode` : "Search · readmode";
  }

  /** Up/Down arrows move between results; Up from the first goes back to the box. */
  moveFocus(event) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const links = Array.from(document.querySelectorAll("#results .result__link"));
    const index = links.indexOf(document.activeElement);
    if (index < 0) return;
    event.preventDefault();
    const next = index + (event.key === "ArrowDown" ? 1 : -1);
    if (next < 0) this.input.focus();
    else links[Math.min(next, links.length - 1)].focus();
  }
}

new SearchPage().start();
