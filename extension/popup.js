/**
 * The toolbar popup: open the reader view, paint highlights on this page, search highlights,
 * recent articles and the connection state.
 *
 * Actions that change tabs go to the service worker (they must finish even when the popup
 * closes); the search and the connection state call the handlers directly, so each keystroke
 * can abort the previous request.
 */

import { restrictedPageError } from "./lib/errors.js";
import { createHandlers } from "./lib/handlers.js";
import { createLiveSearch } from "./lib/live-search.js";
import { MessageType, Source } from "./lib/messages.js";
import { setMessage, splitSnippet } from "./lib/snippets.js";
import { Restriction, restrictionFor } from "./lib/urls.js";

const browser = globalThis.browser ?? globalThis.chrome;
const handlers = createHandlers({
  browser,
  fetch: (...args) => globalThis.fetch(...args),
  storage: browser.storage.local,
});

const $ = (id) => document.getElementById(id);
const elements = {
  openReader: $("open-reader"),
  showHighlights: $("show-highlights"),
  status: $("status"),
  search: $("search"),
  results: $("results"),
  searchMessage: $("search-message"),
  recentSection: $("recent-section"),
  recent: $("recent"),
  connection: $("connection"),
  openSearchPage: $("open-search-page"),
  openOptions: $("open-options"),
};

let activeTab = null;
let activeIndex = -1;
let currentResults = [];

/** Ask the service worker; resolves with the result or throws an Error with a user message. */
async function request(type, payload = {}) {
  const reply = await browser.runtime.sendMessage({ type, ...payload });
  if (!reply?.ok) {
    throw new Error(reply?.error?.message ?? "The readmode extension didn't answer.");
  }
  return reply;
}

function showStatus(message, kind = "info") {
  elements.status.hidden = !message;
  setMessage(elements.status, message ?? "");
  elements.status.dataset.kind = kind;
}

/** Run a tab action from a button: disable the buttons meanwhile, show the outcome. */
async function runAction(button, type, { closeOnSuccess }) {
  const buttons = [elements.openReader, elements.showHighlights];
  buttons.forEach((b) => (b.disabled = true));
  button.setAttribute("aria-busy", "true");
  try {
    const reply = await request(type, { tabId: activeTab?.id, source: Source.POPUP });
    if (closeOnSuccess) {
      window.close();
      return;
    }
    showStatus(reply.message ?? "Done.", "ok");
  } catch (error) {
    showStatus(error.message, "error");
  } finally {
    buttons.forEach((b) => (b.disabled = false));
    button.removeAttribute("aria-busy");
  }
}

// ---- search ---------------------------------------------------------------------------------

function snippetNode(snippet) {
  const node = document.createElement("span");
  node.className = "snippet";
  for (const part of splitSnippet(snippet)) {
    if (part.marked) {
      const mark = document.createElement("mark");
      mark.textContent = part.text;
      node.append(mark);
    } else {
      node.append(document.createTextNode(part.text));
    }
  }
  return node;
}

function setActive(index) {
  const items = [...elements.results.children];
  activeIndex = items.length ? (index + items.length) % items.length : -1;
  items.forEach((item, i) => item.setAttribute("aria-selected", String(i === activeIndex)));
  if (activeIndex >= 0) {
    elements.search.setAttribute("aria-activedescendant", items[activeIndex].id);
    items[activeIndex].scrollIntoView({ block: "nearest" });
  } else {
    elements.search.removeAttribute("aria-activedescendant");
  }
}

function openResult(result) {
  request(MessageType.OPEN_ARTICLE, {
    articleId: result.articleId,
    highlightId: result.highlightId,
  })
    .then(() => window.close())
    .catch((error) => showStatus(error.message, "error"));
}

function renderSearch({ query, result, error, pending }) {
  if (pending) {
    elements.search.setAttribute("aria-busy", "true");
    return;
  }
  elements.search.removeAttribute("aria-busy");
  elements.results.replaceChildren();
  currentResults = [];
  activeIndex = -1;
  if (error) {
    setMessage(elements.searchMessage, error.message);
    return;
  }
  currentResults = result.results;
  currentResults.forEach((item, index) => {
    const li = document.createElement("li");
    li.id = `result-${index}`;
    li.className = "result";
    li.setAttribute("role", "option");
    li.setAttribute("aria-selected", "false");
    li.dataset.color = item.color ?? "yellow";
    const title = document.createElement("span");
    title.className = "result-title";
    title.textContent = item.title;
    const site = document.createElement("span");
    site.className = "result-site";
    site.textContent = item.site;
    li.append(snippetNode(item.snippet), title, site);
    li.addEventListener("click", () => openResult(item));
    elements.results.append(li);
  });
  if (!query) {
    elements.searchMessage.textContent = "";
  } else if (currentResults.length === 0) {
    elements.searchMessage.textContent = `No highlights match “${query}”.`;
  } else if (result.total > currentResults.length) {
    elements.searchMessage.textContent = `${result.total} matches: all of them under All highlights.`;
  } else {
    elements.searchMessage.textContent = "";
  }
}

const liveSearch = createLiveSearch({
  search: async (query, signal) => handlers.search({ query }, {}, { signal }),
  render: renderSearch,
});

elements.search.addEventListener("input", () => liveSearch.input(elements.search.value));
elements.search.addEventListener("keydown", async (event) => {
  if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    event.preventDefault();
    setActive(activeIndex + (event.key === "ArrowDown" ? 1 : -1));
  } else if (event.key === "Enter") {
    event.preventDefault();
    if (currentResults.length === 0) {
      await liveSearch.flush(elements.search.value);
    }
    const chosen = currentResults[Math.max(activeIndex, 0)];
    if (chosen) {
      openResult(chosen);
    }
  }
});

// ---- connection state and recent articles -----------------------------------------------

function renderRecent(articles) {
  elements.recent.replaceChildren();
  elements.recentSection.hidden = articles.length === 0;
  for (const article of articles) {
    const li = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "recent-item";
    button.textContent = article.title || article.url;
    button.title = article.url;
    button.addEventListener("click", () => {
      request(MessageType.OPEN_ARTICLE, { articleId: article.id })
        .then(() => window.close())
        .catch((error) => showStatus(error.message, "error"));
    });
    li.append(button);
    elements.recent.append(li);
  }
}

async function loadState() {
  const state = await handlers[MessageType.POPUP_STATE]({});
  const connection = elements.connection;
  if (!state.reachable) {
    connection.dataset.state = "down";
    connection.textContent = "Not running";
    showStatus(state.message, "error");
  } else if (!state.paired) {
    connection.dataset.state = "unpaired";
    connection.textContent = "Not paired";
    showStatus(state.message, "error");
  } else {
    connection.dataset.state = "ok";
    connection.textContent = `Connected · readmode ${state.version ?? ""}`.trim();
  }
  connection.title = state.serverUrl;
  renderRecent(state.recent ?? []);
}

async function loadTab() {
  [activeTab] = await browser.tabs.query({ active: true, currentWindow: true });
  const restriction = restrictionFor(activeTab?.url);
  if (restriction && restriction !== Restriction.UNKNOWN_PAGE) {
    elements.openReader.disabled = true;
    elements.showHighlights.disabled = true;
    showStatus(restrictedPageError(restriction).message, "info");
  }
}

// ---- wiring ---------------------------------------------------------------------------------

elements.openReader.addEventListener("click", () =>
  runAction(elements.openReader, MessageType.OPEN_READER, { closeOnSuccess: true }),
);
elements.showHighlights.addEventListener("click", () =>
  runAction(elements.showHighlights, MessageType.SHOW_HIGHLIGHTS, { closeOnSuccess: false }),
);
elements.openSearchPage.addEventListener("click", (event) => {
  event.preventDefault();
  request(MessageType.OPEN_SEARCH_PAGE, { query: elements.search.value.trim() })
    .then(() => window.close())
    .catch((error) => showStatus(error.message, "error"));
});
elements.openOptions.addEventListener("click", (event) => {
  event.preventDefault();
  browser.runtime.openOptionsPage();
  window.close();
});

// Progress of the action this popup started ("Reading the page…", "Saving the article…").
browser.runtime.onMessage.addListener((message) => {
  if (message?.type === MessageType.STATUS && message.tabId === activeTab?.id) {
    if (message.state === "working") {
      showStatus(message.message, "info");
    }
  }
});

elements.search.focus();
loadTab()
  .then(loadState)
  .catch((error) => showStatus(error.message, "error"));
