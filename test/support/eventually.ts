// Taken when the module loads, before any test fakes the clock: eventually() keeps polling on real time
// while a test drives the code under test with Jest fake timers (test/support/fake-clock.ts).
const realSetTimeout = globalThis.setTimeout;
const realNow = performance.now.bind(performance);

/**
 * Polls until `check` returns without throwing (or returns a truthy value), then returns its result.
 * Async flows are asserted this way, never with fixed sleeps.
 */
export async function eventually<T>(
  check: () => T | Promise<T>,
  { timeoutMs = 10_000, intervalMs = 50, description = 'condition' } = {},
): Promise<Exclude<T, false | null | undefined>> {
  const deadline = realNow() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const result = await check();
      if (result !== false && result !== undefined && result !== null) {
        return result as Exclude<T, false | null | undefined>;
      }
      lastError = new Error(`${description} returned ${String(result)}`);
    } catch (error) {
      lastError = error;
    }
    if (realNow() >= deadline) {
      const reason = lastError instanceof Error ? lastError.message : String(lastError);
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}: ${reason}`);
    }
    await new Promise((resolve) => realSetTimeout(resolve, intervalMs));
  }
}
