export interface RecordedRequest {
  method: string;
  /** path below the simulator's base, without the query string */
  path: string;
  /** 0 while pending, or when the client gave up / the host stopped before an answer */
  status: number;
  /** ISO-8601 arrival time */
  at: string;
}

export interface RequestStats {
  count: number;
  /** keyed by `METHOD /route/:pattern`, so benchmarks can assert call counts per endpoint */
  byRoute: Record<string, number>;
  recent: RecordedRequest[];
}

const RECENT_LIMIT = 200;

/** Counts wire requests of one simulator; bounded so long benchmark runs do not grow memory. */
export class RequestLog {
  private count = 0;
  private byRoute = new Map<string, number>();
  private recent: RecordedRequest[] = [];

  /** Records the arrival and returns the entry so the caller can fill in the status when answered. */
  record(method: string, path: string, routeKey: string, at: Date): RecordedRequest {
    this.count++;
    this.byRoute.set(routeKey, (this.byRoute.get(routeKey) ?? 0) + 1);
    const entry: RecordedRequest = { method, path, status: 0, at: at.toISOString() };
    this.recent.push(entry);
    if (this.recent.length > RECENT_LIMIT) this.recent.shift();
    return entry;
  }

  stats(): RequestStats {
    return {
      count: this.count,
      byRoute: Object.fromEntries(this.byRoute),
      recent: this.recent.map((entry) => ({ ...entry })),
    };
  }

  clear(): void {
    this.count = 0;
    this.byRoute.clear();
    this.recent = [];
  }
}
