import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { BillingType } from '../../domain/billing/billing-contact';
import {
  BillingTemplates,
  type StoredBillingTemplate,
} from '../../application/ports/billing-campaigns.repository';

const COLUMNS = `id, tenant_id, name, template_type, description, is_active, variations, total_uses, created_at, updated_at`;

@Injectable()
export class TypeormBillingTemplates extends BillingTemplates {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async list(tenantId: string): Promise<StoredBillingTemplate[]> {
    return (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM notification_flow.billing_templates WHERE tenant_id = $1 ORDER BY template_type, created_at`,
      [tenantId],
    )) as StoredBillingTemplate[];
  }

  async find(tenantId: string, id: string, tx?: EntityManager): Promise<StoredBillingTemplate | null> {
    const [row] = (await (tx ?? this.dataSource.manager).query(
      `SELECT ${COLUMNS} FROM notification_flow.billing_templates WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    )) as StoredBillingTemplate[];
    return row ?? null;
  }

  async active(
    tx: EntityManager,
    tenantId: string,
    type: BillingType,
  ): Promise<StoredBillingTemplate | null> {
    const [row] = (await tx.query(
      `SELECT ${COLUMNS} FROM notification_flow.billing_templates
        WHERE tenant_id = $1 AND template_type = $2 AND is_active
          AND EXISTS (SELECT 1 FROM jsonb_array_elements(variations) v WHERE (v->>'is_active')::boolean)
        ORDER BY updated_at DESC LIMIT 1`,
      [tenantId, type],
    )) as StoredBillingTemplate[];
    return row ?? null;
  }

  async insert(t: StoredBillingTemplate): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO notification_flow.billing_templates
         (id, tenant_id, name, template_type, description, is_active, variations, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
      [
        t.id,
        t.tenant_id,
        t.name,
        t.template_type,
        t.description,
        t.is_active,
        JSON.stringify(t.variations),
        t.created_at,
      ],
    );
  }

  async update(t: StoredBillingTemplate): Promise<void> {
    await this.dataSource.query(
      `UPDATE notification_flow.billing_templates
          SET name = $3, template_type = $4, description = $5, is_active = $6, variations = $7, updated_at = now()
        WHERE tenant_id = $1 AND id = $2`,
      [t.tenant_id, t.id, t.name, t.template_type, t.description, t.is_active, JSON.stringify(t.variations)],
    );
  }

  async remove(tenantId: string, id: string): Promise<boolean> {
    // TypeORM answers a DELETE … RETURNING with [rows, affected count].
    const [rows] = (await this.dataSource.query(
      `DELETE FROM notification_flow.billing_templates WHERE tenant_id = $1 AND id = $2 RETURNING id`,
      [tenantId, id],
    )) as [unknown[], number];
    return rows.length > 0;
  }

  async countUse(tx: EntityManager, id: string, uses: number): Promise<void> {
    await tx.query(
      `UPDATE notification_flow.billing_templates SET total_uses = total_uses + $2 WHERE id = $1`,
      [id, uses],
    );
  }
}
