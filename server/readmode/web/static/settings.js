/**
 * The display settings panel: theme, font, size, line width and line height, saved in
 * localStorage under the key prefs.js reads before the first paint.
 */

export const PREFS_KEY = "readmode:prefs";

export const DEFAULTS = Object.freeze({
  theme: "system",
  font: "serif",
  size: 19,
  width: 68,
  leading: 1.65,
});

const CHOICES = { theme: ["system", "light", "dark", "sepia"], font: ["serif", "sans", "mono"] };
const RANGES = { size: [14, 28], width: [45, 95], leading: [1.2, 2.2] };

/** Saved preferences merged over the defaults, each value validated. */
export function loadPrefs() {
  let saved = {};
  try {
    saved = JSON.parse(window.localStorage.getItem(PREFS_KEY) || "{}") || {};
  } catch {
    saved = {};
  }
  const prefs = { ...DEFAULTS };
  for (const [key, allowed] of Object.entries(CHOICES)) {
    if (allowed.includes(saved[key])) prefs[key] = saved[key];
  }
  for (const [key, [low, high]] of Object.entries(RANGES)) {
    const value = saved[key];
    if (typeof value === "number" && Number.isFinite(value) && value >= low && value <= high) {
      prefs[key] = value;
    }
  }
  return prefs;
}

function savePrefs(prefs) {
  try {
    window.localStorage.setItem(PREFS_KEY, JSON.stringify(prefs));
  } catch {
    // Storage full or disabled: the choice still applies to this page.
  }
}

/** Applies preferences to <html>, the same way prefs.js does before paint. */
export function applyPrefs(prefs, root = document.documentElement) {
  root.dataset.theme = prefs.theme;
  root.dataset.font = prefs.font;
  root.style.setProperty("--reader-size", `${prefs.size}px`);
  root.style.setProperty("--reader-measure", `${prefs.width}ch`);
  root.style.setProperty("--reader-leading", String(prefs.leading));
}

/** Wires the settings form: every change applies immediately and is remembered. */
export function initSettings() {
  const form = document.getElementById("settings-form");
  const panel = document.getElementById("settings");
  const button = document.getElementById("settings-button");
  if (!form || !panel) return;

  const outputs = {
    size: [document.getElementById("setting-size-value"), (v) => `${v}px`],
    width: [document.getElementById("setting-width-value"), (v) => `${v} ch`],
    leading: [document.getElementById("setting-leading-value"), (v) => Number(v).toFixed(2)],
  };

  const showValues = (prefs) => {
    for (const [key, [output, format]] of Object.entries(outputs)) {
      if (output) output.textContent = format(prefs[key]);
    }
  };

  const fillForm = (prefs) => {
    for (const key of Object.keys(CHOICES)) {
      const input = form.querySelector(`input[name="${key}"][value="${prefs[key]}"]`);
      if (input) input.checked = true;
    }
    for (const key of Object.keys(RANGES)) form.elements[key].value = String(prefs[key]);
    showValues(prefs);
  };

  const readForm = () => ({
    theme: form.elements.theme.value,
    font: form.elements.font.value,
    size: Number(form.elements.size.value),
    width: Number(form.elements.width.value),
    leading: Number(form.elements.leading.value),
  });

  fillForm(loadPrefs());

  form.addEventListener("input", () => {
    const prefs = readForm();
    applyPrefs(prefs);
    showValues(prefs);
    savePrefs(prefs);
  });
  form.addEventListener("submit", (event) => event.preventDefault());

  document.getElementById("settings-reset")?.addEventListener("click", () => {
    const prefs = { ...DEFAULTS };
    fillForm(prefs);
    applyPrefs(prefs);
    savePrefs(prefs);
  });

  // Keep aria-expanded in step with the native popover (it also closes on Esc / outside click).
  panel.addEventListener("toggle", (event) => {
    button?.setAttribute("aria-expanded", String(event.newState === "open"));
    if (event.newState === "open") form.querySelector("input:checked")?.focus();
  });

  // Another tab changed the settings: follow it.
  window.addEventListener("storage", (event) => {
    if (event.key !== PREFS_KEY) return;
    const prefs = loadPrefs();
    applyPrefs(prefs);
    fillForm(prefs);
  });
}
