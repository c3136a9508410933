import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Mode } from '../../config/env.schema';

export interface TenantRow {
  id: string;
  slug: string;
  name: string;
  mode: Mode;
  integrations: Record<string, unknown>;
}

/** Minimal tenant store: enough for bootstrap (first admin, demo tenant). */
@Injectable()
export class Tenants {
  constructor(private readonly dataSource: DataSource) {}

  async ensure(
    slug: string,
    defaults: { name: string; mode: Mode },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<TenantRow> {
    await manager.query(
      `INSERT INTO access.tenants (slug, name, mode) VALUES ($1, $2, $3) ON CONFLICT (slug) DO NOTHING`,
      [slug, defaults.name, defaults.mode],
    );
    const [row] = (await manager.query(
      `SELECT id, slug, name, mode, integrations FROM access.tenants WHERE slug = $1`,
      [slug],
    )) as TenantRow[];
    return row as TenantRow;
  }

  async setIntegrations(tenantId: string, integrations: Record<string, unknown>): Promise<void> {
    await this.dataSource.query(`UPDATE access.tenants SET integrations = $2 WHERE id = $1`, [
      tenantId,
      JSON.stringify(integrations),
    ]);
  }
}
