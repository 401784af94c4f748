/*
 * Applies the reader's saved display preferences to <html> before the first paint.
 *
 * This is the only classic (non-module), render-blocking script: modules are deferred, so a
 * module would apply a dark theme only after the browser had already painted the page white.
 * Keep it tiny and dependency-free. `settings.js` owns the same storage key and the same
 * validation rules (exported from there for the settings panel); both read `PREFS_KEY`.
 */
(function applySavedPreferences() {
  "use strict";
  var root = document.documentElement;
  var saved = null;
  try {
    saved = JSON.parse(window.localStorage.getItem("readmode:prefs") || "null");
  } catch (error) {
    // Storage disabled (private mode, file://) or corrupt JSON: keep the defaults.
    saved = null;
  }
  if (!saved || typeof saved !== "object") return;

  var THEMES = ["system", "light", "dark", "sepia"];
  var FONTS = ["serif", "sans", "mono"];
  if (THEMES.indexOf(saved.theme) >= 0) root.setAttribute("data-theme", saved.theme);
  if (FONTS.indexOf(saved.font) >= 0) root.setAttribute("data-font", saved.font);

  // CSSOM writes are allowed by the CSP (only style *attributes* and <style> are blocked).
  function numberIn(value, low, high) {
    return typeof value === "number" && isFinite(value) && value >= low && value <= high;
  }
  if (numberIn(saved.size, 14, 28)) root.style.setProperty("--reader-size", saved.size + "px");
  if (numberIn(saved.width, 45, 95)) root.style.setProperty("--reader-measure", saved.width + "ch");
  if (numberIn(saved.leading, 1.2, 2.2))
    root.style.setProperty("--reader-leading", String(saved.leading));
})();
