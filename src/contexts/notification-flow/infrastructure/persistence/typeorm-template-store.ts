import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import {
  TemplateStore,
  type MessageTemplate,
  type TemplateFields,
} from '../../application/ports/template-store';
import type { Channel, MessageType } from '../../domain/cadence';

interface TemplateRow {
  id: string;
  type: MessageType;
  channel: Channel;
  name: string;
  subject: string | null;
  variations: string[];
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, type, channel, name, subject, variations, created_at, updated_at';
const UNIQUE_VIOLATION = '23505';

const toTemplate = (r: TemplateRow): MessageTemplate => ({
  id: r.id,
  builtIn: false,
  type: r.type,
  channel: r.channel,
  name: r.name,
  subject: r.subject,
  variations: r.variations,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

@Injectable()
export class TypeormTemplateStore extends TemplateStore {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async listOwn(tenantId: string): Promise<MessageTemplate[]> {
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM notification_flow.templates WHERE tenant_id = $1`,
      [tenantId],
    )) as TemplateRow[];
    return rows.map(toTemplate);
  }

  async byId(
    tenantId: string,
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<MessageTemplate | null> {
    const [row] = (await manager.query(
      `SELECT ${COLUMNS} FROM notification_flow.templates WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    )) as TemplateRow[];
    return row ? toTemplate(row) : null;
  }

  async bySlot(
    tenantId: string,
    type: MessageType,
    channel: Channel,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<MessageTemplate | null> {
    const [row] = (await manager.query(
      `SELECT ${COLUMNS} FROM notification_flow.templates WHERE tenant_id = $1 AND type = $2 AND channel = $3`,
      [tenantId, type, channel],
    )) as TemplateRow[];
    return row ? toTemplate(row) : null;
  }

  async insert(tenantId: string, f: TemplateFields): Promise<MessageTemplate | null> {
    try {
      const [row] = (await this.dataSource.query(
        `INSERT INTO notification_flow.templates (id, tenant_id, type, channel, name, subject, variations)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
        [randomUUID(), tenantId, f.type, f.channel, f.name, f.subject, f.variations],
      )) as TemplateRow[];
      return toTemplate(row!);
    } catch (error) {
      if (
        error instanceof QueryFailedError &&
        (error.driverError as { code?: string }).code === UNIQUE_VIOLATION
      )
        return null;
      throw error;
    }
  }

  async update(
    tenantId: string,
    id: string,
    f: Pick<TemplateFields, 'name' | 'subject' | 'variations'>,
  ): Promise<MessageTemplate | null> {
    const [row] = (await this.dataSource.query(
      `UPDATE notification_flow.templates
          SET name = $3, subject = $4, variations = $5, updated_at = clock_timestamp()
        WHERE tenant_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [tenantId, id, f.name, f.subject, f.variations],
    )) as TemplateRow[];
    return row ? toTemplate(row) : null;
  }

  async remove(tenantId: string, id: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM notification_flow.templates WHERE tenant_id = $1 AND id = $2`, [
      tenantId,
      id,
    ]);
  }
}
