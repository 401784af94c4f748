/**
 * Search-as-you-type: debounce keystrokes, cancel the previous request when a new one starts,
 * and never render a stale answer after a newer query.
 *
 * Timers are injectable so tests can run without waiting.
 */

/**
 * @param {{
 *   search: (query: string, signal: AbortSignal) => Promise<object>,
 *   render: (state: { query: string, result?: object, error?: Error, pending?: boolean }) => void,
 *   debounceMs?: number,
 *   timers?: { setTimeout: Function, clearTimeout: Function },
 * }} options
 */
export function createLiveSearch({ search, render, debounceMs = 150, timers = globalThis }) {
  let timer = null;
  let controller = null;

  function cancel() {
    timers.clearTimeout(timer);
    timer = null;
    controller?.abort();
    controller = null;
  }

  async function run(query) {
    timer = null;
    const mine = new AbortController();
    controller = mine;
    render({ query, pending: true });
    try {
      const result = await search(query, mine.signal);
      if (!mine.signal.aborted) {
        render({ query, result });
      }
    } catch (error) {
      // An aborted request was replaced by a newer one: its outcome doesn't matter.
      if (!mine.signal.aborted && error?.name !== "AbortError") {
        render({ query, error });
      }
    } finally {
      if (controller === mine) {
        controller = null;
      }
    }
  }

  return {
    /** The search box changed. */
    input(value) {
      cancel();
      const query = String(value ?? "").trim();
      if (!query) {
        render({ query, result: { total: 0, results: [], articles: [] } });
        return;
      }
      timer = timers.setTimeout(() => run(query), debounceMs);
    },
    /** Search now (Enter pressed before the debounce fired); resolves when rendered. */
    flush(value) {
      cancel();
      const query = String(value ?? "").trim();
      return query ? run(query) : Promise.resolve();
    },
    cancel,
  };
}
