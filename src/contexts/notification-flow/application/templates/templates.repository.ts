import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import type { Channel, MessageType } from '../../domain/cadence';
import {
  builtInTemplateId,
  defaultTemplate,
  parseBuiltInTemplateId,
  TEMPLATE_SLOTS,
} from '../../domain/templates/default-templates';
import { templateProblems } from '../../domain/templates/template-engine';
import {
  BuiltInTemplateError,
  TemplateExistsError,
  TemplateInvalidError,
  TemplateNotFoundError,
} from '../../domain/templates/template.errors';

/** A tenant's template, or a built-in default (`builtIn`, id `default:<type>:<channel>`, no dates). */
export interface MessageTemplate {
  id: string;
  builtIn: boolean;
  type: MessageType;
  channel: Channel;
  name: string;
  subject: string | null;
  variations: string[];
  createdAt: Date | null;
  updatedAt: Date | null;
}

export interface NewTemplate {
  type: MessageType;
  channel: Channel;
  name?: string;
  subject?: string | null;
  variations: string[];
}

export type TemplateChanges = Partial<Pick<MessageTemplate, 'name' | 'subject' | 'variations'>>;

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
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
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

const builtIn = (type: MessageType, channel: Channel): MessageTemplate => {
  const template = defaultTemplate(type, channel);
  return {
    id: builtInTemplateId(type, channel),
    builtIn: true,
    type,
    channel,
    name: template.name,
    subject: template.subject,
    variations: [...template.variations],
    createdAt: null,
    updatedAt: null,
  };
};

const slotOrder = (t: MessageTemplate) =>
  TEMPLATE_SLOTS.findIndex((s) => s.type === t.type && s.channel === t.channel);

function assertValid(template: Pick<MessageTemplate, 'type' | 'channel' | 'subject' | 'variations'>): void {
  const problems = templateProblems(template);
  if (problems.length > 0) throw new TemplateInvalidError(problems);
}

/**
 * The tenants' message templates (`notification_flow.templates`, one per type × channel) over the
 * product's built-in defaults: deleting a tenant's template puts the default back. Templates are
 * validated (syntax, whitelisted variables and helpers, sample render) before they are written.
 */
@Injectable()
export class Templates {
  constructor(private readonly dataSource: DataSource) {}

  /** Every type × channel: the tenant's template where it has one, the built-in default elsewhere. */
  async list(tenantId: string): Promise<MessageTemplate[]> {
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM notification_flow.templates WHERE tenant_id = $1`,
      [tenantId],
    )) as TemplateRow[];
    const own = rows.map(toTemplate);
    const defaults = TEMPLATE_SLOTS.filter(
      (slot) => !own.some((t) => t.type === slot.type && t.channel === slot.channel),
    ).map((slot) => builtIn(slot.type, slot.channel));
    return [...own, ...defaults].sort((a, b) => slotOrder(a) - slotOrder(b));
  }

  /** A template by id: a uuid of the tenant's, or a built-in `default:<type>:<channel>`. */
  async get(
    tenantId: string,
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<MessageTemplate> {
    const slot = parseBuiltInTemplateId(id);
    if (slot) return builtIn(slot.type, slot.channel);
    if (!UUID.test(id)) throw new TemplateNotFoundError(id);
    const [row] = (await manager.query(
      `SELECT ${COLUMNS} FROM notification_flow.templates WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    )) as TemplateRow[];
    if (!row) throw new TemplateNotFoundError(id);
    return toTemplate(row);
  }

  /** What a message of this type goes out with on this channel (inside a transaction: pass its manager). */
  async forSlot(
    tenantId: string,
    type: MessageType,
    channel: Channel,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<MessageTemplate> {
    const [row] = (await manager.query(
      `SELECT ${COLUMNS} FROM notification_flow.templates WHERE tenant_id = $1 AND type = $2 AND channel = $3`,
      [tenantId, type, channel],
    )) as TemplateRow[];
    return row ? toTemplate(row) : builtIn(type, channel);
  }

  async create(tenantId: string, input: NewTemplate): Promise<MessageTemplate> {
    const subject = input.subject ?? null;
    assertValid({ ...input, subject });
    try {
      const [row] = (await this.dataSource.query(
        `INSERT INTO notification_flow.templates (id, tenant_id, type, channel, name, subject, variations)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
        [
          randomUUID(),
          tenantId,
          input.type,
          input.channel,
          input.name?.trim() || defaultTemplate(input.type, input.channel).name,
          subject,
          input.variations,
        ],
      )) as TemplateRow[];
      return toTemplate(row!);
    } catch (error) {
      if (
        error instanceof QueryFailedError &&
        (error.driverError as { code?: string }).code === UNIQUE_VIOLATION
      )
        throw new TemplateExistsError(input.type, input.channel);
      throw error;
    }
  }

  /** Changes name, subject or variations; the result is validated as a whole. */
  async update(tenantId: string, id: string, changes: TemplateChanges): Promise<MessageTemplate> {
    const current = await this.get(tenantId, id);
    if (current.builtIn) throw new BuiltInTemplateError(id);
    const next = {
      ...current,
      ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)),
    } as MessageTemplate;
    assertValid(next);
    const [row] = (await this.dataSource.query(
      `UPDATE notification_flow.templates
          SET name = $3, subject = $4, variations = $5, updated_at = clock_timestamp()
        WHERE tenant_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [tenantId, id, next.name.trim(), next.subject, next.variations],
    )) as TemplateRow[];
    if (!row) throw new TemplateNotFoundError(id);
    return toTemplate(row);
  }

  /** Deletes the tenant's template: its type × channel goes back to the built-in default. */
  async remove(tenantId: string, id: string): Promise<void> {
    const current = await this.get(tenantId, id);
    if (current.builtIn) throw new BuiltInTemplateError(id);
    await this.dataSource.query(`DELETE FROM notification_flow.templates WHERE tenant_id = $1 AND id = $2`, [
      tenantId,
      id,
    ]);
  }
}
