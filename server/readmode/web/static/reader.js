/**
 * The reader page: display settings, and highlighting.
 *
 * Flow: fetch the article's plain text and its highlights → build a TextModel (server text ⇄
 * DOM text) → paint every highlight that can be anchored, list the rest as orphans. Selecting
 * text shows a toolbar that saves a new highlight; clicking a highlight opens a popover to
 * change its colour, note and tags, or delete it. `#h-<id>` in the URL scrolls to one.
 */

import { api } from "./api.js";
import { formatTimes } from "./dates.js";
import { placeNear, rangeRect } from "./floating.js";
import { rangeToOffsets, textOf, unwrap, wrapOffsets } from "./highlighter.js";
import { initSettings } from "./settings.js";
import { TextModel } from "./textmodel.js";
import { showError, showToast } from "./toast.js";

const COLORS = ["yellow", "green", "blue", "pink", "purple"];
const FLASH_MS = 3400;

/** "a, #b, a , c" → ["a", "b", "c"] */
export function parseTags(value) {
  const tags = new Set();
  for (const raw of value.split(",")) {
    const tag = raw.trim().replace(/^#+/, "").trim();
    if (tag) tags.add(tag);
  }
  return [...tags];
}

function colorOf(highlight) {
  return COLORS.includes(highlight.color) ? highlight.color : "yellow";
}

function prefersReducedMotion() {
  return window.matchMedia("(prefers-reduced-motion: reduce)").matches;
}

/** Moves focus between the buttons of a row with the arrow keys (a toolbar's roving focus). */
function handleArrowKeys(event, row) {
  if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
  const buttons = Array.from(row.querySelectorAll("button"));
  const index = buttons.indexOf(document.activeElement);
  if (index < 0) return;
  event.preventDefault();
  const rtlFlip = getComputedStyle(row).direction === "rtl" ? -1 : 1;
  const step = (event.key === "ArrowRight" ? 1 : -1) * rtlFlip;
  buttons[(index + step + buttons.length) % buttons.length].focus();
}

class Reader {
  constructor(articleId) {
    this.articleId = articleId;
    this.article = document.getElementById("article");
    this.content = document.getElementById("article-content");
    this.toolbar = document.getElementById("hl-toolbar");
    this.toolbarForm = document.getElementById("hl-toolbar-form");
    this.noteButton = this.toolbar.querySelector('[data-action="note"]');
    this.popover = document.getElementById("hl-popover");
    this.editForm = document.getElementById("hl-edit-form");
    this.orphanPanel = document.getElementById("orphans");
    this.orphanList = document.getElementById("orphans-list");
    this.orphanBadge = document.getElementById("orphan-badge");
    this.orphanCount = document.getElementById("orphan-badge-count");

    /** @type {TextModel | null} */
    this.model = null;
    /** id → {data: Highlight, marks: HTMLElement[]}; orphans have no marks. */
    this.highlights = new Map();
    /** The selection the toolbar would save: {domRange, selector}, and its DOM Range. */
    this.pending = null;
    this.pendingRange = null;
    this.color = "yellow";
    /** The highlight open in the popover, and what to focus when it closes. */
    this.editing = null;
    this.returnFocus = null;
    this.pointerDown = false;
    this.selectionTimer = 0;
  }

  async start() {
    this.bindSelection();
    this.bindToolbar();
    this.bindMarks();
    this.bindPopover();
    this.bindOrphans();

    let article;
    let list;
    try {
      [article, list] = await Promise.all([
        api.article(this.articleId),
        api.highlights(this.articleId),
      ]);
    } catch (error) {
      showError(error);
      return;
    }
    this.model = new TextModel(article.text || "", textOf(this.content));
    for (const highlight of list.highlights) {
      try {
        this.place(highlight);
      } catch (error) {
        // One odd highlight must not hide the others: list it with the orphans instead.
        console.warn("readmode: could not place highlight", highlight.id, error);
        this.highlights.set(highlight.id, { data: highlight, marks: [] });
      }
    }
    this.renderOrphans();
    // Lets styles (and the browser tests) know highlights are painted.
    this.article.dataset.highlights = "ready";
    this.revealFromHash();
    window.addEventListener("hashchange", () => this.revealFromHash());
  }

  // ---------- Painting ----------

  /** Anchors and paints a stored highlight; returns false when it is an orphan. */
  place(data) {
    const range = this.model.locate(data);
    const marks = range ? this.paint(data, range) : [];
    this.highlights.set(data.id, { data, marks });
    return marks.length > 0;
  }

  paint(data, [start, end]) {
    const marks = wrapOffsets(this.content, start, end, () => {
      const mark = document.createElement("mark");
      mark.dataset.highlightId = String(data.id);
      return mark;
    });
    this.decorate(data, marks);
    return marks;
  }

  /** Colour, note indicator and keyboard access for the marks of one highlight. */
  decorate(data, marks) {
    marks.forEach((mark, index) => {
      mark.className = `rm-hl rm-hl--${colorOf(data)}`;
      mark.classList.toggle("rm-hl--note", Boolean(data.note));
      if (data.note) mark.title = data.note;
      else mark.removeAttribute("title");
      if (index === 0) {
        // The first piece is the highlight's handle: the #h-<id> target and a tab stop.
        mark.id = `h-${data.id}`;
        mark.tabIndex = 0;
        mark.setAttribute("aria-haspopup", "dialog");
      }
    });
  }

  marksOf(id) {
    return this.highlights.get(id)?.marks ?? [];
  }

  // ---------- Selection → toolbar ----------

  bindSelection() {
    document.addEventListener("pointerdown", (event) => {
      if (!this.toolbar.contains(event.target)) this.pointerDown = true;
    });
    document.addEventListener("pointerup", () => {
      this.pointerDown = false;
      this.checkSelectionSoon(10);
    });
    // A plain mouseup too: some input paths (and scripted selections) send no pointer events.
    document.addEventListener("mouseup", () => this.checkSelectionSoon(10));
    // Keyboard selection (Shift+arrows): wait until the reader pauses.
    document.addEventListener("selectionchange", () => {
      if (!this.pointerDown) this.checkSelectionSoon(180);
    });
    document.addEventListener("keydown", (event) => this.onKeydown(event));
    // The panels are positioned for the old layout. Forms being typed in stay (a phone's
    // on-screen keyboard resizes the window too).
    window.addEventListener("resize", () => {
      if (this.toolbarForm.hidden) this.hideToolbar();
      if (!this.popover.contains(document.activeElement)) this.closePopover();
    });
  }

  checkSelectionSoon(delay) {
    window.clearTimeout(this.selectionTimer);
    this.selectionTimer = window.setTimeout(() => this.checkSelection(), delay);
  }

  checkSelection() {
    if (!this.model) return;
    // The reader is typing a note: the selection collapsed because focus moved, keep going.
    if (this.toolbar.contains(document.activeElement) || !this.toolbarForm.hidden) return;
    const selection = document.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) {
      this.hideToolbar();
      return;
    }
    const range = selection.getRangeAt(0);
    const offsets = range.intersectsNode(this.content) && rangeToOffsets(this.content, range);
    const described = offsets ? this.model.describe(offsets[0], offsets[1]) : null;
    if (!described) {
      this.hideToolbar();
      return;
    }
    this.pending = described;
    this.showToolbar(range);
  }

  showToolbar(range) {
    this.closePopover();
    this.setNoteFormOpen(false);
    this.pendingRange = range.cloneRange();
    this.markSelectedSwatch(this.toolbar, this.color);
    placeNear(this.toolbar, rangeRect(range));
  }

  hideToolbar() {
    if (this.toolbar.hidden) return;
    this.toolbar.hidden = true;
    this.setNoteFormOpen(false);
    this.toolbarForm.reset();
    this.pending = null;
    this.pendingRange = null;
  }

  setNoteFormOpen(open) {
    this.toolbarForm.hidden = !open;
    this.noteButton.setAttribute("aria-expanded", String(open));
    this.toolbar.classList.toggle("is-expanded", open);
    // Typing moves focus out of the article and the selection disappears: keep showing what
    // the note is about (CSS Custom Highlight API, where the browser has it), and move the
    // now taller toolbar so it does not cover that text.
    if (open && this.pendingRange) {
      showPendingRange(this.pendingRange);
      placeNear(this.toolbar, rangeRect(this.pendingRange));
    } else {
      showPendingRange(null);
    }
  }

  markSelectedSwatch(container, color) {
    for (const swatch of container.querySelectorAll("[data-color]")) {
      const selected = swatch.dataset.color === color;
      swatch.classList.toggle("is-selected", selected);
      if (swatch.getAttribute("role") === "radio") {
        swatch.setAttribute("aria-checked", String(selected));
      }
    }
  }

  /** True when the note form holds something the reader typed (never throw that away). */
  hasDraft() {
    const { note, tags } = this.toolbarForm.elements;
    return !this.toolbarForm.hidden && Boolean(note.value.trim() || tags.value.trim());
  }

  bindToolbar() {
    // A click elsewhere dismisses the toolbar, unless it holds a note being written.
    document.addEventListener("pointerdown", (event) => {
      if (this.toolbar.hidden || this.toolbar.contains(event.target) || this.hasDraft()) return;
      if (!this.toolbarForm.hidden) this.hideToolbar();
    });
    // Clicking a button must not collapse the reader's selection (or steal focus from it).
    this.toolbar.addEventListener("mousedown", (event) => {
      if (!event.target.closest("textarea, input")) event.preventDefault();
    });
    this.toolbar.addEventListener("click", (event) => {
      const swatch = event.target.closest("[data-color]");
      if (swatch) {
        this.color = swatch.dataset.color;
        this.markSelectedSwatch(this.toolbar, this.color);
        // One click highlights; with the note form open, it only picks the colour.
        if (this.toolbarForm.hidden) this.saveSelection({ color: this.color });
        return;
      }
      const action = event.target.closest("[data-action]")?.dataset.action;
      if (action === "note") {
        const open = this.toolbarForm.hidden;
        this.setNoteFormOpen(open);
        if (open) this.toolbarForm.elements.note.focus();
      } else if (action === "cancel") {
        this.hideToolbar();
        focusMain();
      }
    });
    this.toolbar.addEventListener("keydown", (event) => {
      const row = event.target.closest(".hl-toolbar__row");
      if (row) handleArrowKeys(event, row);
    });
    this.toolbarForm.addEventListener("submit", (event) => {
      event.preventDefault();
      this.saveSelection({
        color: this.color,
        note: this.toolbarForm.elements.note.value.trim(),
        tags: parseTags(this.toolbarForm.elements.tags.value),
      });
    });
    submitOnCtrlEnter(this.toolbarForm);
  }

  async saveSelection({ color, note = "", tags = [] }) {
    const pending = this.pending;
    if (!pending) return;
    const payload = { article_id: this.articleId, ...pending.selector, color, note, tags };
    this.toolbar.setAttribute("aria-busy", "true");
    try {
      const created = await api.createHighlight(payload);
      const marks = this.paint(created, pending.domRange);
      this.highlights.set(created.id, { data: created, marks });
      if (!marks.length) this.renderOrphans();
      document.getSelection()?.removeAllRanges();
      this.hideToolbar();
      if (note) showToast("Highlight and note saved.");
    } catch (error) {
      showError(error);
    } finally {
      this.toolbar.removeAttribute("aria-busy");
    }
  }

  onKeydown(event) {
    if (event.key === "Escape") {
      if (!this.popover.hidden) {
        this.closePopover({ restoreFocus: true });
      } else if (!this.toolbar.hidden) {
        const hadFocus = this.toolbar.contains(document.activeElement);
        this.hideToolbar();
        if (hadFocus) focusMain();
      }
      return;
    }
    // Keyboard path into the toolbar: after selecting with Shift+arrows, Tab reaches it.
    if (
      event.key === "Tab" &&
      !event.shiftKey &&
      !this.toolbar.hidden &&
      !this.toolbar.contains(document.activeElement)
    ) {
      event.preventDefault();
      this.toolbar.querySelector("button.is-selected, button")?.focus();
    }
  }

  // ---------- Existing highlights: hover, click, popover ----------

  bindMarks() {
    const group = (event, on) => {
      const mark = event.target.closest?.("mark.rm-hl");
      if (!mark) return;
      for (const piece of this.marksOf(Number(mark.dataset.highlightId))) {
        piece.classList.toggle("is-hover", on);
      }
    };
    this.content.addEventListener("mouseover", (event) => group(event, true));
    this.content.addEventListener("mouseout", (event) => group(event, false));
    this.content.addEventListener("click", (event) => {
      const mark = event.target.closest("mark.rm-hl");
      if (!mark || event.target.closest("a")) return; // links inside a highlight stay links
      if (!document.getSelection()?.isCollapsed) return; // selecting, not clicking
      this.openPopover(Number(mark.dataset.highlightId), mark);
    });
    this.content.addEventListener("keydown", (event) => {
      const mark = event.target.closest?.("mark.rm-hl");
      if (mark && (event.key === "Enter" || event.key === " ")) {
        event.preventDefault();
        this.openPopover(Number(mark.dataset.highlightId), mark);
      }
    });
  }

  openPopover(id, anchorElement) {
    const entry = this.highlights.get(id);
    if (!entry) return;
    this.hideToolbar();
    this.closePopover();
    this.editing = id;
    this.returnFocus = anchorElement;
    const { data } = entry;
    this.markSelectedSwatch(this.popover, colorOf(data));
    this.editForm.elements.note.value = data.note || "";
    this.editForm.elements.tags.value = (data.tags || []).join(", ");
    for (const mark of entry.marks) mark.classList.add("is-active");
    const rect = anchorElement.getClientRects()[0] || anchorElement.getBoundingClientRect();
    placeNear(this.popover, rect);
    this.editForm.elements.note.focus({ preventScroll: true });
  }

  closePopover({ restoreFocus = false } = {}) {
    if (this.popover.hidden) return;
    this.popover.hidden = true;
    for (const mark of this.marksOf(this.editing)) mark.classList.remove("is-active");
    this.editing = null;
    if (restoreFocus && this.returnFocus?.isConnected)
      this.returnFocus.focus({ preventScroll: true });
    this.returnFocus = null;
  }

  bindPopover() {
    this.popover.addEventListener("click", (event) => {
      const swatch = event.target.closest("[data-color]");
      if (swatch && this.editing !== null) {
        this.markSelectedSwatch(this.popover, swatch.dataset.color);
        this.update(this.editing, { color: swatch.dataset.color });
        return;
      }
      const action = event.target.closest("[data-action]")?.dataset.action;
      if (action === "delete" && this.editing !== null) this.remove(this.editing);
      else if (action === "cancel") this.closePopover({ restoreFocus: true });
    });
    this.popover.addEventListener("keydown", (event) => {
      const row = event.target.closest(".hl-toolbar__row");
      if (row) handleArrowKeys(event, row);
    });
    this.editForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (this.editing === null) return;
      const saved = await this.update(this.editing, {
        note: this.editForm.elements.note.value.trim(),
        tags: parseTags(this.editForm.elements.tags.value),
      });
      if (saved) {
        this.closePopover({ restoreFocus: true });
        showToast("Saved.");
      }
    });
    submitOnCtrlEnter(this.editForm);
    // Click anywhere else closes it (clicking another highlight opens that one instead).
    document.addEventListener("pointerdown", (event) => {
      if (this.popover.hidden || this.popover.contains(event.target)) return;
      if (event.target.closest?.("mark.rm-hl, [data-action='edit-orphan']")) return;
      this.closePopover();
    });
  }

  async update(id, changes) {
    const entry = this.highlights.get(id);
    if (!entry) return false;
    try {
      entry.data = await api.updateHighlight(id, changes);
    } catch (error) {
      showError(error);
      this.markSelectedSwatch(this.popover, colorOf(entry.data));
      return false;
    }
    this.decorate(entry.data, entry.marks);
    if (!entry.marks.length) this.renderOrphans();
    return true;
  }

  async remove(id) {
    const entry = this.highlights.get(id);
    if (!entry) return;
    try {
      await api.deleteHighlight(id);
    } catch (error) {
      showError(error);
      return;
    }
    this.closePopover();
    unwrap(entry.marks);
    this.highlights.delete(id);
    this.renderOrphans();
    showToast("Highlight deleted.", { action: { label: "Undo", run: () => this.restore(entry) } });
  }

  /** Undo a delete: the highlight comes back (with a new id) exactly as it was. */
  async restore({ data }) {
    const { exact, prefix, suffix, start, end, color, note, tags } = data;
    const payload = {
      article_id: this.articleId,
      ...{ exact, prefix, suffix, start, end, color, note, tags },
    };
    try {
      this.place(await api.createHighlight(payload));
    } catch (error) {
      showError(error);
      return;
    }
    this.renderOrphans();
  }

  // ---------- Orphans ----------

  bindOrphans() {
    this.orphanList.addEventListener("click", (event) => {
      const button = event.target.closest("[data-action]");
      const item = event.target.closest("[data-highlight-id]");
      if (!button || !item) return;
      const id = Number(item.dataset.highlightId);
      if (button.dataset.action === "edit-orphan") this.openPopover(id, button);
      else if (button.dataset.action === "delete-orphan") this.remove(id);
    });
  }

  renderOrphans() {
    const orphans = [...this.highlights.values()].filter((entry) => !entry.marks.length);
    this.orphanList.replaceChildren(...orphans.map(({ data }) => orphanItem(data)));
    this.orphanPanel.hidden = orphans.length === 0;
    this.orphanBadge.hidden = orphans.length === 0;
    this.orphanCount.textContent = String(orphans.length);
    const plural = orphans.length === 1 ? "" : "s";
    this.orphanBadge.title = `${orphans.length} highlight${plural} could not be placed`;
  }

  // ---------- #h-<id> ----------

  revealFromHash() {
    const match = /^#h-(\d+)$/.exec(window.location.hash);
    if (!match) return;
    const entry = this.highlights.get(Number(match[1]));
    if (!entry) {
      showToast("That highlight is not in this article any more.");
      return;
    }
    const targets = entry.marks.length
      ? entry.marks
      : [document.getElementById(`h-${entry.data.id}`)].filter(Boolean);
    if (!targets.length) return;
    targets[0].scrollIntoView({
      block: "center",
      behavior: prefersReducedMotion() ? "auto" : "smooth",
    });
    for (const element of targets) {
      element.classList.remove("is-flash");
      void element.offsetWidth; // restart the animation on repeated visits
      element.classList.add("is-flash");
    }
    window.setTimeout(() => {
      for (const element of targets) element.classList.remove("is-flash");
    }, FLASH_MS);
  }
}

function orphanItem(data) {
  const item = document.createElement("li");
  item.className = `orphan orphan--${colorOf(data)}`;
  item.id = `h-${data.id}`;
  item.dataset.highlightId = String(data.id);

  const quote = document.createElement("blockquote");
  quote.className = "orphan__quote";
  quote.textContent = `“${data.exact}”`;
  item.append(quote);

  if (data.note) {
    const note = document.createElement("p");
    note.className = "orphan__note";
    note.textContent = data.note;
    item.append(note);
  }

  const footer = document.createElement("div");
  footer.className = "orphan__footer";
  for (const tag of data.tags || []) {
    const chip = document.createElement("span");
    chip.className = "tag";
    chip.textContent = tag;
    footer.append(chip);
  }
  const edit = document.createElement("button");
  edit.type = "button";
  edit.className = "button button--quiet";
  edit.dataset.action = "edit-orphan";
  edit.textContent = "Edit";
  const remove = document.createElement("button");
  remove.type = "button";
  remove.className = "button button--danger";
  remove.dataset.action = "delete-orphan";
  remove.textContent = "Delete";
  footer.append(edit, remove);
  item.append(footer);
  return item;
}

/** Paints (or clears, with null) the passage a note is being written for. */
function showPendingRange(range) {
  if (!window.CSS?.highlights || typeof Highlight !== "function") return;
  if (range) CSS.highlights.set("rm-pending", new Highlight(range));
  else CSS.highlights.delete("rm-pending");
}

/** Puts focus back in the page (not on <body>, which screen readers announce poorly). */
function focusMain() {
  document.getElementById("main")?.focus({ preventScroll: true });
}

/** Ctrl/Cmd+Enter in a form's textarea submits the form. */
function submitOnCtrlEnter(form) {
  form.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
}

function main() {
  initSettings();
  formatTimes();
  const articleId = Number(document.body.dataset.articleId);
  if (!Number.isInteger(articleId) || !document.getElementById("article-content")) return;
  new Reader(articleId).start();
}

main();
