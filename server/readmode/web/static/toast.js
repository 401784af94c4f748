/** One toast at the bottom of the page: confirmations (with an optional action) and errors. */

let hideTimer = 0;

/**
 * Shows `message` for a few seconds. Errors are announced assertively (role="alert").
 * `action` adds one button (e.g. Undo); the toast stays a little longer when it has one.
 * @param {string} message
 * @param {{kind?: "info" | "error", duration?: number,
 *          action?: {label: string, run: () => void}}} [options]
 */
export function showToast(message, { kind = "info", duration, action } = {}) {
  const toast = document.getElementById("toast");
  if (!toast) return;
  window.clearTimeout(hideTimer);
  toast.hidden = true; // restart the entrance animation
  const text = document.createElement("span");
  text.className = "toast__message";
  text.textContent = message;
  toast.replaceChildren(text);
  if (action) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "toast__action";
    button.textContent = action.label;
    button.addEventListener("click", () => {
      toast.hidden = true;
      action.run();
    });
    toast.append(button);
  }
  toast.classList.toggle("toast--error", kind === "error");
  toast.setAttribute("role", kind === "error" ? "alert" : "status");
  // Force a style flush so removing `hidden` replays the animation.
  void toast.offsetWidth;
  toast.hidden = false;
  const shownFor = duration ?? (kind === "error" ? 7000 : action ? 8000 : 4500);
  hideTimer = window.setTimeout(() => {
    toast.hidden = true;
  }, shownFor);
}

/** Shows an error from the API (or anything thrown) as a toast. */
export function showError(error) {
  const message =
    error && typeof error.message === "string" && error.message
      ? error.message
      : "Something went wrong.";
  showToast(message, { kind: "error" });
}
