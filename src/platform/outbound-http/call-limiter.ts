/**
 * At most `maxConcurrent` calls at once, started in order and at least `minTimeMs` apart. Replaced
 * Bottleneck in the provider clients: its per-job lock and timer hops (several event-loop turns per call)
 * capped a client near 40 calls a second under load, while the calls themselves took 3 ms (notifications
 * bench). A call still waiting when its signal aborts leaves the queue at once.
 */
export class CallLimiter {
  #running = 0;
  #nextStart = 0;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  readonly #waiting: Waiting[] = [];
  readonly #idle: Array<() => void> = [];

  constructor(
    private readonly maxConcurrent: number,
    private readonly minTimeMs: number,
  ) {
    if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1)
      throw new RangeError(`concurrency must be an integer >= 1, got ${maxConcurrent}`);
  }

  /** Calls running now (for tests and gauges). */
  get running(): number {
    return this.#running;
  }

  schedule<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.#stopped) return Promise.reject(new LimiterClosedError('the client is closed'));
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    return new Promise<T>((resolve, reject) => {
      const entry: Waiting = {
        start: () => {
          entry.detach?.();
          void work()
            .then(resolve, reject)
            .finally(() => {
              this.#running -= 1;
              this.#pump();
            });
        },
        reject,
      };
      if (signal) {
        const onAbort = () => {
          const index = this.#waiting.indexOf(entry);
          if (index >= 0) this.#waiting.splice(index, 1);
          reject(signal.reason as Error);
        };
        signal.addEventListener('abort', onAbort, { once: true });
        entry.detach = () => signal.removeEventListener('abort', onAbort);
      }
      this.#waiting.push(entry);
      this.#pump();
    });
  }

  /** Drops the waiting calls (rejected); resolves when the running ones have finished. */
  stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    for (const waiting of this.#waiting.splice(0)) {
      waiting.detach?.();
      waiting.reject(new LimiterClosedError('the client was closed before the call was sent'));
    }
    if (this.#running === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #pump(): void {
    while (!this.#stopped && this.#running < this.maxConcurrent && this.#waiting.length > 0) {
      if (this.minTimeMs > 0) {
        const now = Date.now();
        if (now < this.#nextStart) {
          this.#timer ??= setTimeout(() => {
            this.#timer = undefined;
            this.#pump();
          }, this.#nextStart - now);
          break;
        }
        this.#nextStart = now + this.minTimeMs;
      }
      this.#running += 1;
      this.#waiting.shift()!.start();
    }
    if (this.#running === 0) for (const resolve of this.#idle.splice(0)) resolve();
  }
}

interface Waiting {
  start: () => void;
  reject: (error: Error) => void;
  detach?: () => void;
}

/** The limiter was stopped: the call never left the process. */
export class LimiterClosedError extends Error {}
