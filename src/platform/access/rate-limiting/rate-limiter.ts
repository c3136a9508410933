import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';

export interface RateLimitHit {
  allowed: boolean;
  count: number;
  /** Seconds until the bucket's window closes (at least 1). */
  retryAfterSeconds: number;
}

const PRUNE_EVERY_MS = 60_000;

/**
 * Fixed-window counters in Postgres, shared by every process. A window opens at a bucket's first hit
 * and lasts `windowSeconds`; one atomic upsert counts the hit and says whether it is within `limit`,
 * so concurrent callers can never overshoot. Times come from the database clock.
 */
@Injectable()
export class RateLimiter {
  private readonly logger = new Logger('RateLimiter');
  private lastPrune = 0;

  constructor(private readonly dataSource: DataSource) {}

  /** Bucket names are hashed: no e-mail or address is ever stored in the counters table. */
  static bucket(kind: string, ...parts: string[]): string {
    return `${kind}:${createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 32)}`;
  }

  async hit(bucket: string, limit: number, windowSeconds: number): Promise<RateLimitHit> {
    this.pruneNowAndThen();
    const [row] = (await this.dataSource.query(
      `INSERT INTO access.rate_limits AS r (bucket, window_start, window_end, count)
       VALUES ($1, now(), now() + make_interval(secs => $2), 1)
       ON CONFLICT (bucket) DO UPDATE SET
         count        = CASE WHEN r.window_end <= now() THEN 1 ELSE r.count + 1 END,
         window_start = CASE WHEN r.window_end <= now() THEN now() ELSE r.window_start END,
         window_end   = CASE WHEN r.window_end <= now() THEN EXCLUDED.window_end ELSE r.window_end END
       RETURNING count, greatest(1, ceil(extract(epoch FROM r.window_end - now())))::int AS retry_after`,
      [bucket, windowSeconds],
    )) as Array<{ count: number; retry_after: number }>;
    const { count, retry_after } = row as { count: number; retry_after: number };
    return { allowed: count <= limit, count, retryAfterSeconds: retry_after };
  }

  /** Gives one hit back (e.g. a login that succeeded: only failures should count). */
  async refund(bucket: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE access.rate_limits SET count = greatest(count - 1, 0) WHERE bucket = $1 AND window_end > now()`,
      [bucket],
    );
  }

  /** Closed windows are useless; delete them at most once a minute per process, off the request path. */
  private pruneNowAndThen(): void {
    const now = Date.now();
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    this.dataSource
      .query(`DELETE FROM access.rate_limits WHERE window_end < now() - interval '1 minute'`)
      .catch((err: unknown) => this.logger.warn({ err }, 'Could not prune closed rate-limit windows'));
  }
}
