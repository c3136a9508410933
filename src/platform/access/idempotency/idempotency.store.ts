import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SecretCipher } from '../secrets/secret-cipher';

export interface IdempotencyScope {
  tenantId: string;
  /** `user:<id>` or `api_key:<id>`: keys of different callers never collide. */
  principal: string;
  key: string;
}

export type IdempotencyClaim =
  | { kind: 'owned' }
  | { kind: 'replay'; status: number; body: unknown }
  | { kind: 'in_progress' }
  | { kind: 'reused' };

interface StoredRow {
  fingerprint: string;
  status: 'in_progress' | 'completed';
  response_status: number | null;
  response_body: Buffer | null;
  response_iv: Buffer | null;
  response_tag: Buffer | null;
  key_id: string | null;
}

const IDEMPOTENCY_TTL_HOURS = 24;
/** An attempt still "in progress" after this long belongs to a process that died; a retry takes over. */
const STALE_ATTEMPT_MINUTES = 5;
const CLAIM_TRIES = 3;
const PRUNE_EVERY_MS = 60_000;

const context = (scope: IdempotencyScope): string =>
  `idempotency/${scope.tenantId}/${scope.principal}/${scope.key}`;

/**
 * Idempotency records in Postgres. `claim` is one atomic INSERT … ON CONFLICT: of several concurrent
 * requests with one key exactly one owns it; the others see it in progress, completed (replay) or
 * used for a different request. Stored responses are sealed with the secret key.
 */
@Injectable()
export class IdempotencyStore {
  private readonly logger = new Logger('Idempotency');
  private lastPrune = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: SecretCipher,
  ) {}

  async claim(scope: IdempotencyScope, fingerprint: string): Promise<IdempotencyClaim> {
    this.pruneNowAndThen();
    for (let attempt = 0; attempt < CLAIM_TRIES; attempt++) {
      const owned = (await this.dataSource.query(
        `INSERT INTO access.idempotency_keys AS k (tenant_id, principal, key, fingerprint, status, expires_at)
         VALUES ($1, $2, $3, $4, 'in_progress', now() + make_interval(hours => $5))
         ON CONFLICT (tenant_id, principal, key) DO UPDATE SET
           fingerprint = EXCLUDED.fingerprint, status = 'in_progress', started_at = now(),
           expires_at = EXCLUDED.expires_at, response_status = NULL, response_body = NULL,
           response_iv = NULL, response_tag = NULL, key_id = NULL
         WHERE k.expires_at <= now()
            OR (k.status = 'in_progress' AND k.fingerprint = EXCLUDED.fingerprint
                AND k.started_at < now() - make_interval(mins => $6))
         RETURNING 1`,
        [
          scope.tenantId,
          scope.principal,
          scope.key,
          fingerprint,
          IDEMPOTENCY_TTL_HOURS,
          STALE_ATTEMPT_MINUTES,
        ],
      )) as unknown[];
      if (owned.length > 0) return { kind: 'owned' };

      const [row] = (await this.dataSource.query(
        `SELECT fingerprint, status, response_status, response_body, response_iv, response_tag, key_id
           FROM access.idempotency_keys
          WHERE tenant_id = $1 AND principal = $2 AND key = $3 AND expires_at > now()`,
        [scope.tenantId, scope.principal, scope.key],
      )) as StoredRow[];
      if (!row) continue; // released or expired in between: try to claim it again
      if (row.fingerprint !== fingerprint) return { kind: 'reused' };
      if (row.status === 'in_progress') return { kind: 'in_progress' };
      return { kind: 'replay', status: row.response_status ?? 200, body: await this.openBody(scope, row) };
    }
    return { kind: 'in_progress' };
  }

  async complete(scope: IdempotencyScope, status: number, body: unknown): Promise<void> {
    const sealed = await this.cipher.seal(JSON.stringify(body ?? null), context(scope));
    await this.dataSource.query(
      `UPDATE access.idempotency_keys
          SET status = 'completed', response_status = $4, response_body = $5, response_iv = $6,
              response_tag = $7, key_id = $8
        WHERE tenant_id = $1 AND principal = $2 AND key = $3`,
      [
        scope.tenantId,
        scope.principal,
        scope.key,
        status,
        sealed.ciphertext,
        sealed.iv,
        sealed.tag,
        sealed.keyId,
      ],
    );
  }

  /** Forgets an attempt that failed in a way worth retrying, so the same key may be used again. */
  async release(scope: IdempotencyScope): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM access.idempotency_keys
        WHERE tenant_id = $1 AND principal = $2 AND key = $3 AND status = 'in_progress'`,
      [scope.tenantId, scope.principal, scope.key],
    );
  }

  private async openBody(scope: IdempotencyScope, row: StoredRow): Promise<unknown> {
    if (!row.response_body || !row.response_iv || !row.response_tag || !row.key_id) return null;
    const json = await this.cipher.open(
      { ciphertext: row.response_body, iv: row.response_iv, tag: row.response_tag, keyId: row.key_id },
      context(scope),
    );
    return JSON.parse(json) as unknown;
  }

  private pruneNowAndThen(): void {
    const now = Date.now();
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    this.dataSource
      .query(`DELETE FROM access.idempotency_keys WHERE expires_at < now()`)
      .catch((err: unknown) => this.logger.warn({ err }, 'Could not prune expired idempotency keys'));
  }
}
