import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * Leases in `platform.job_leases`, timed by the database clock so every process agrees on expiry.
 * A lease is taken only when free or expired: a crashed holder blocks the job for at most its TTL.
 */
@Injectable()
export class JobLeases {
  private readonly logger = new Logger(JobLeases.name);

  constructor(private readonly dataSource: DataSource) {}

  async tryAcquire(job: string, holder: string, ttlMs: number): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO platform.job_leases AS l (job_name, holder, acquired_at, expires_at)
       VALUES ($1, $2, now(), now() + $3 * interval '1 millisecond')
       ON CONFLICT (job_name) DO UPDATE
         SET holder = EXCLUDED.holder, acquired_at = EXCLUDED.acquired_at, expires_at = EXCLUDED.expires_at
         WHERE l.expires_at < now()
       RETURNING job_name`,
      [job, holder, ttlMs],
    );
    return rows.length === 1;
  }

  /** Extends a lease still held; false when it was lost (expired and taken by another holder). */
  async renew(job: string, holder: string, ttlMs: number): Promise<boolean> {
    const [rows] = (await this.dataSource.query(
      `UPDATE platform.job_leases SET expires_at = now() + $3 * interval '1 millisecond'
        WHERE job_name = $1 AND holder = $2 RETURNING job_name`,
      [job, holder, ttlMs],
    )) as [unknown[], number];
    return rows.length === 1;
  }

  /**
   * Renews a held lease every third of its TTL until the answer is called. A renewal the database
   * refuses (shutdown, failover) is logged, never thrown: it runs on a timer, where nobody could catch it.
   */
  keepRenewed(job: string, holder: string, ttlMs: number): () => void {
    const timer = setInterval(() => {
      this.renew(job, holder, ttlMs).then(
        (held) => held || this.logger.warn({ job }, `Lease ${job} was lost while held`),
        (err: unknown) => this.logger.warn({ err, job }, `Could not renew the lease ${job}`),
      );
    }, ttlMs / 3);
    return () => clearInterval(timer);
  }

  /** Frees a lease; when the database is gone (a run outlived the shutdown drain) it expires by its TTL. */
  async releaseQuietly(job: string, holder: string): Promise<void> {
    try {
      await this.release(job, holder);
    } catch (err) {
      this.logger.warn({ err, job }, `Could not release the lease ${job}: it expires by itself`);
    }
  }

  async release(job: string, holder: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM platform.job_leases WHERE job_name = $1 AND holder = $2`, [
      job,
      holder,
    ]);
  }
}
