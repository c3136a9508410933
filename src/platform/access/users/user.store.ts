import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { UserRole } from '../auth.decorators';

export interface UserRecord {
  id: string;
  tenantId: string;
  email: string;
  role: UserRole;
  createdAt: Date;
  disabledAt: Date | null;
}

export interface LoginCandidate {
  id: string;
  tenantId: string;
  role: UserRole;
  passwordHash: string;
  tokenVersion: number;
}

/** What a login token is checked against on every request. */
export interface SessionState {
  role: UserRole;
  tokenVersion: number;
  disabled: boolean;
}

const COLUMNS = `id, tenant_id AS "tenantId", email, role, created_at AS "createdAt", disabled_at AS "disabledAt"`;

/** Users of a tenant. Every lookup a caller can steer is scoped by tenant. */
@Injectable()
export class UserStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts the user; undefined when the e-mail is already taken in that tenant. */
  async insert(
    user: { tenantId: string; email: string; passwordHash: string; role: UserRole },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<UserRecord | undefined> {
    const rows = (await manager.query(
      `INSERT INTO access.users (tenant_id, email, password_hash, role) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id, email) DO NOTHING RETURNING ${COLUMNS}`,
      [user.tenantId, user.email, user.passwordHash, user.role],
    )) as UserRecord[];
    return rows[0];
  }

  async page(
    tenantId: string,
    limit: number,
    offset: number,
  ): Promise<{ items: UserRecord[]; total: number }> {
    const items = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM access.users WHERE tenant_id = $1 ORDER BY created_at, id LIMIT $2 OFFSET $3`,
      [tenantId, limit, offset],
    )) as UserRecord[];
    const [count] = (await this.dataSource.query(
      `SELECT count(*)::int AS total FROM access.users WHERE tenant_id = $1`,
      [tenantId],
    )) as Array<{ total: number }>;
    return { items, total: count?.total ?? 0 };
  }

  async find(
    tenantId: string,
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<UserRecord | undefined> {
    const [row] = (await manager.query(
      `SELECT ${COLUMNS} FROM access.users WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    )) as UserRecord[];
    return row;
  }

  async existsInTenant(tenantSlug: string, email: string): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `SELECT 1 FROM access.users u JOIN access.tenants t ON t.id = u.tenant_id
        WHERE t.slug = $1 AND u.email = $2`,
      [tenantSlug, email],
    )) as unknown[];
    return rows.length > 0;
  }

  /**
   * Enabled users with this e-mail (in the tenant with this slug, when given). At most two: one is
   * the answer. A disabled user is not a candidate, so it gets the same 401 as an unknown e-mail.
   */
  async loginCandidates(email: string, tenantSlug?: string): Promise<LoginCandidate[]> {
    return (await this.dataSource.query(
      `SELECT u.id, u.tenant_id AS "tenantId", u.role, u.password_hash AS "passwordHash",
              u.token_version AS "tokenVersion"
         FROM access.users u JOIN access.tenants t ON t.id = u.tenant_id
        WHERE u.email = $1 AND u.disabled_at IS NULL AND ($2::text IS NULL OR t.slug = $2)
        LIMIT 2`,
      [email, tenantSlug ?? null],
    )) as LoginCandidate[];
  }

  /** Read on every authenticated request: no cache, so a change takes effect at the next request. */
  async sessionState(tenantId: string, id: string): Promise<SessionState | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT role, token_version AS "tokenVersion", disabled_at IS NOT NULL AS disabled
         FROM access.users WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    )) as SessionState[];
    return row;
  }

  async passwordHash(tenantId: string, id: string): Promise<string | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT password_hash AS "passwordHash" FROM access.users WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    )) as Array<{ passwordHash: string }>;
    return row?.passwordHash;
  }

  /**
   * Locks the tenant's enabled admins (in id order, so concurrent callers queue instead of
   * deadlocking) and returns their ids: a change that could remove the last one decides under it.
   */
  async lockActiveAdmins(manager: EntityManager, tenantId: string): Promise<string[]> {
    const rows = (await manager.query(
      `SELECT id FROM access.users WHERE tenant_id = $1 AND role = 'admin' AND disabled_at IS NULL
        ORDER BY id FOR UPDATE`,
      [tenantId],
    )) as Array<{ id: string }>;
    return rows.map((row) => row.id);
  }

  /** Role and/or enabled state. Disabling also bumps the token version: re-enabling revives no session. */
  async update(
    manager: EntityManager,
    tenantId: string,
    id: string,
    change: { role?: UserRole; disabled?: boolean },
  ): Promise<UserRecord | undefined> {
    const [rows] = (await manager.query(
      `UPDATE access.users SET
         role          = coalesce($3, role),
         disabled_at   = CASE WHEN $4::boolean IS NULL THEN disabled_at
                              WHEN $4 THEN coalesce(disabled_at, now()) ELSE NULL END,
         token_version = token_version + CASE WHEN $4 AND disabled_at IS NULL THEN 1 ELSE 0 END
       WHERE tenant_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [tenantId, id, change.role ?? null, change.disabled ?? null],
    )) as [UserRecord[], number];
    return rows[0];
  }

  async delete(manager: EntityManager, tenantId: string, id: string): Promise<boolean> {
    const [, affected] = (await manager.query(`DELETE FROM access.users WHERE tenant_id = $1 AND id = $2`, [
      tenantId,
      id,
    ])) as [unknown, number];
    return affected > 0;
  }

  /** A new password ends every session issued under the old one. Undefined when there is no such user. */
  async setPassword(
    tenantId: string,
    id: string,
    passwordHash: string,
  ): Promise<{ role: UserRole; tokenVersion: number } | undefined> {
    const [rows] = (await this.dataSource.query(
      `UPDATE access.users SET password_hash = $3, token_version = token_version + 1
        WHERE tenant_id = $1 AND id = $2 RETURNING role, token_version AS "tokenVersion"`,
      [tenantId, id, passwordHash],
    )) as [Array<{ role: UserRole; tokenVersion: number }>, number];
    return rows[0];
  }
}
