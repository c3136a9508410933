import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { SecretCipher } from '../secrets/secret-cipher';

export interface SecretStatus {
  set: true;
  updatedAt: Date;
}

interface SecretRow {
  ciphertext: Buffer;
  iv: Buffer;
  tag: Buffer;
  key_id: string;
}

/** Each value is bound to its tenant, system and name: a ciphertext moved to another row fails. */
const context = (tenantId: string, system: string, name: string): string => `${tenantId}/${system}/${name}`;

/**
 * Integration secrets (tokens, API secrets, webhook URLs), encrypted at rest with AES-256-GCM.
 * Contexts read them with `get`; the API only ever shows whether each one is set.
 */
@Injectable()
export class IntegrationSecrets {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: SecretCipher,
  ) {}

  /** `manager`: read inside a caller's transaction (a consumer's, with a pool of one connection). */
  async get(
    tenantId: string,
    system: string,
    name: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<string | undefined> {
    const [row] = (await manager.query(
      `SELECT ciphertext, iv, tag, key_id FROM access.integration_secrets
        WHERE tenant_id = $1 AND system = $2 AND name = $3`,
      [tenantId, system, name],
    )) as SecretRow[];
    if (!row) return undefined;
    return this.cipher.open(
      { ciphertext: row.ciphertext, iv: row.iv, tag: row.tag, keyId: row.key_id },
      context(tenantId, system, name),
    );
  }

  /** Sets (or with `null`, removes) the named secrets; `onlyIfMissing` never overwrites. */
  async put(
    tenantId: string,
    system: string,
    secrets: Record<string, string | null>,
    options: { manager?: EntityManager; onlyIfMissing?: boolean } = {},
  ): Promise<void> {
    const manager = options.manager ?? this.dataSource.manager;
    for (const [name, value] of Object.entries(secrets)) {
      if (value === null) {
        await manager.query(
          `DELETE FROM access.integration_secrets WHERE tenant_id = $1 AND system = $2 AND name = $3`,
          [tenantId, system, name],
        );
        continue;
      }
      const sealed = await this.cipher.seal(value, context(tenantId, system, name));
      await manager.query(
        `INSERT INTO access.integration_secrets (tenant_id, system, name, ciphertext, iv, tag, key_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (tenant_id, system, name) DO ${
           options.onlyIfMissing
             ? 'NOTHING'
             : `UPDATE SET ciphertext = EXCLUDED.ciphertext, iv = EXCLUDED.iv, tag = EXCLUDED.tag,
                           key_id = EXCLUDED.key_id, updated_at = now()`
         }`,
        [tenantId, system, name, sealed.ciphertext, sealed.iv, sealed.tag, sealed.keyId],
      );
    }
  }

  /** Which secrets each system has, and when each changed. Never the values. */
  async status(tenantId: string): Promise<Record<string, Record<string, SecretStatus>>> {
    const rows = (await this.dataSource.query(
      `SELECT system, name, updated_at AS "updatedAt" FROM access.integration_secrets
        WHERE tenant_id = $1 ORDER BY system, name`,
      [tenantId],
    )) as Array<{ system: string; name: string; updatedAt: Date }>;
    const bySystem: Record<string, Record<string, SecretStatus>> = {};
    for (const row of rows) {
      (bySystem[row.system] ??= {})[row.name] = { set: true, updatedAt: row.updatedAt };
    }
    return bySystem;
  }
}
