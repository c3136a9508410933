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

/** Minimal tenant store: bootstrap (first admin, demo tenant) and per-system integration settings. */
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

  /** Tenants with a given system configured (schedulers run per tenant). */
  async withIntegration(system: string): Promise<Array<{ id: string; slug: string; timeZone: string }>> {
    return (await this.dataSource.query(
      `SELECT id, slug, time_zone AS "timeZone" FROM access.tenants WHERE integrations ? $1 ORDER BY slug`,
      [system],
    )) as Array<{ id: string; slug: string; timeZone: string }>;
  }

  /** What contexts may know of a tenant (GetTenantQuery); null when unknown. */
  async profile(
    tenantId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ id: string; slug: string; name: string; timeZone: string } | null> {
    const [row] = (await manager.query(
      `SELECT id, slug, name, time_zone AS "timeZone" FROM access.tenants WHERE id = $1`,
      [tenantId],
    )) as Array<{ id: string; slug: string; name: string; timeZone: string }>;
    return row ?? null;
  }

  /** The id of the tenant with this slug; null when none. */
  async idOf(slug: string): Promise<string | null> {
    const [row] = (await this.dataSource.query(`SELECT id FROM access.tenants WHERE slug = $1`, [
      slug,
    ])) as Array<{
      id: string;
    }>;
    return row?.id ?? null;
  }

  async timeZone(tenantId: string): Promise<string> {
    const [row] = (await this.dataSource.query(`SELECT time_zone FROM access.tenants WHERE id = $1`, [
      tenantId,
    ])) as Array<{ time_zone: string }>;
    return row?.time_zone ?? 'America/Sao_Paulo';
  }

  async integrations(
    tenantId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Record<string, Record<string, unknown>>> {
    const [row] = (await manager.query(`SELECT integrations FROM access.tenants WHERE id = $1`, [
      tenantId,
    ])) as Array<{ integrations: Record<string, Record<string, unknown>> }>;
    return row?.integrations ?? {};
  }

  /** Replaces one system's settings, leaving the others alone; `onlyIfMissing` never overwrites. */
  async setIntegration(
    tenantId: string,
    system: string,
    settings: Record<string, unknown>,
    options: { manager?: EntityManager; onlyIfMissing?: boolean } = {},
  ): Promise<void> {
    const manager = options.manager ?? this.dataSource.manager;
    await manager.query(
      `UPDATE access.tenants SET integrations = integrations || jsonb_build_object($2::text, $3::jsonb)
        WHERE id = $1 ${options.onlyIfMissing ? 'AND integrations -> $2::text IS NULL' : ''}`,
      [tenantId, system, JSON.stringify(settings)],
    );
  }
}
