import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface ApiKeyRecord {
  id: string;
  tenantId: string;
  name: string;
  prefix: string;
  scopes: string[];
  allowedIps: string[];
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

/** What authentication needs: the record, the stored hash, and expiry judged on the database clock. */
export interface ApiKeyCredential extends ApiKeyRecord {
  secretHash: Buffer;
  expired: boolean;
}

export interface NewApiKeyRow {
  tenantId: string;
  name: string;
  publicId: string;
  prefix: string;
  secretHash: Buffer;
  scopes: string[];
  allowedIps: string[];
  expiresAt: Date | null;
  createdBy: string;
}

const COLUMNS = `id, tenant_id AS "tenantId", name, prefix, scopes, allowed_ips AS "allowedIps",
  created_at AS "createdAt", expires_at AS "expiresAt", revoked_at AS "revokedAt", last_used_at AS "lastUsedAt"`;

/** Every query that a caller can steer is scoped by tenant: another tenant's key does not exist. */
@Injectable()
export class ApiKeyStore {
  constructor(private readonly dataSource: DataSource) {}

  async insert(row: NewApiKeyRow): Promise<ApiKeyRecord> {
    const [created] = (await this.dataSource.query(
      `INSERT INTO access.api_keys
         (tenant_id, name, public_id, prefix, secret_hash, scopes, allowed_ips, expires_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
      [
        row.tenantId,
        row.name,
        row.publicId,
        row.prefix,
        row.secretHash,
        row.scopes,
        row.allowedIps,
        row.expiresAt,
        row.createdBy,
      ],
    )) as ApiKeyRecord[];
    return created as ApiKeyRecord;
  }

  async page(
    tenantId: string,
    limit: number,
    offset: number,
  ): Promise<{ items: ApiKeyRecord[]; total: number }> {
    const items = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM access.api_keys WHERE tenant_id = $1
        ORDER BY created_at DESC, id LIMIT $2 OFFSET $3`,
      [tenantId, limit, offset],
    )) as ApiKeyRecord[];
    const [count] = (await this.dataSource.query(
      `SELECT count(*)::int AS total FROM access.api_keys WHERE tenant_id = $1`,
      [tenantId],
    )) as Array<{ total: number }>;
    return { items, total: count?.total ?? 0 };
  }

  async find(tenantId: string, id: string): Promise<ApiKeyRecord | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM access.api_keys WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    )) as ApiKeyRecord[];
    return row;
  }

  /** Marks the key revoked (keeping the first revocation time). False when the tenant has no such key. */
  async revoke(tenantId: string, id: string): Promise<boolean> {
    // TypeORM answers an UPDATE … RETURNING with [rows, affected count].
    const [rows] = (await this.dataSource.query(
      `UPDATE access.api_keys SET revoked_at = coalesce(revoked_at, now())
        WHERE tenant_id = $1 AND id = $2 RETURNING id`,
      [tenantId, id],
    )) as [unknown[], number];
    return rows.length > 0;
  }

  /** For authentication only: the key row by the public id embedded in the presented key. */
  async credential(publicId: string): Promise<ApiKeyCredential | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT ${COLUMNS}, secret_hash AS "secretHash", (expires_at IS NOT NULL AND expires_at <= now()) AS expired
         FROM access.api_keys WHERE public_id = $1`,
      [publicId],
    )) as ApiKeyCredential[];
    return row;
  }

  async touch(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE access.api_keys SET last_used_at = now()
        WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [id],
    );
  }
}
