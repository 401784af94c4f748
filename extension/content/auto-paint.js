/**
 * Registered on every web page only when the user turned on "paint my highlights automatically"
 * and granted the optional all-sites permission. It just asks the service worker to paint; the
 * service worker talks to readmode and injects the painter (content scripts never call the
 * server).
 */
(globalThis.browser ?? globalThis.chrome).runtime.sendMessage({ type: "auto-paint" }).catch(() => {
  // The extension was reloaded or updated while this page stayed open: nothing to paint.
});
