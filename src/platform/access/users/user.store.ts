import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { UserRole } from '../auth.decorators';

export interface UserRecord {
  id: string;
  tenantId: string;
  email: string;
  role: UserRole;
  createdAt: Date;
}

export interface LoginCandidate {
  id: string;
  tenantId: string;
  role: UserRole;
  passwordHash: string;
}

const COLUMNS = `id, tenant_id AS "tenantId", email, role, created_at AS "createdAt"`;

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

  async find(tenantId: string, id: string): Promise<UserRecord | undefined> {
    const [row] = (await this.dataSource.query(
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

  /** Users with this e-mail (in the tenant with this slug, when given). At most two: one is the answer. */
  async loginCandidates(email: string, tenantSlug?: string): Promise<LoginCandidate[]> {
    return (await this.dataSource.query(
      `SELECT u.id, u.tenant_id AS "tenantId", u.role, u.password_hash AS "passwordHash"
         FROM access.users u JOIN access.tenants t ON t.id = u.tenant_id
        WHERE u.email = $1 AND ($2::text IS NULL OR t.slug = $2)
        LIMIT 2`,
      [email, tenantSlug ?? null],
    )) as LoginCandidate[];
  }
}
