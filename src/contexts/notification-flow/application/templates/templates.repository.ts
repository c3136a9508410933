import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Channel, MessageType } from '../../domain/cadence';
import {
  builtInTemplateId,
  defaultTemplate,
  parseBuiltInTemplateId,
  TEMPLATE_SLOTS,
  type TemplateWording,
} from '../../domain/templates/default-templates';
import { templateProblems } from '../../domain/templates/template-engine';
import {
  BuiltInTemplateError,
  TemplateExistsError,
  TemplateInvalidError,
  TemplateNotFoundError,
} from '../../domain/templates/template.errors';
import {
  TemplateStore,
  type MessageTemplate,
  type NewTemplate,
  type TemplateChanges,
} from '../ports/template-store';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type { MessageTemplate, NewTemplate, TemplateChanges } from '../ports/template-store';

const builtIn = (type: MessageType, channel: Channel, wording: TemplateWording = 'isp'): MessageTemplate => {
  const template = defaultTemplate(type, channel, wording);
  return {
    id: builtInTemplateId(type, channel, wording),
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
  constructor(private readonly store: TemplateStore) {}

  /** Every type × channel: the tenant's template where it has one, the built-in default elsewhere. */
  async list(tenantId: string): Promise<MessageTemplate[]> {
    const own = await this.store.listOwn(tenantId);
    const defaults = TEMPLATE_SLOTS.filter(
      (slot) => !own.some((t) => t.type === slot.type && t.channel === slot.channel),
    ).map((slot) => builtIn(slot.type, slot.channel));
    return [...own, ...defaults].sort((a, b) => slotOrder(a) - slotOrder(b));
  }

  /** A template by id: a uuid of the tenant's, or a built-in `default:<type>:<channel>`. */
  async get(tenantId: string, id: string, manager?: EntityManager): Promise<MessageTemplate> {
    const slot = parseBuiltInTemplateId(id);
    if (slot) return builtIn(slot.type, slot.channel, slot.wording);
    if (!UUID.test(id)) throw new TemplateNotFoundError(id);
    const template = await this.store.byId(tenantId, id, manager);
    if (!template) throw new TemplateNotFoundError(id);
    return template;
  }

  /**
   * What a message of this type goes out with on this channel (inside a transaction: pass its manager):
   * the tenant's own template for the slot whatever the debt's source, else the built-in default in the
   * debt's wording.
   */
  async forSlot(
    tenantId: string,
    type: MessageType,
    channel: Channel,
    manager?: EntityManager,
    wording: TemplateWording = 'isp',
  ): Promise<MessageTemplate> {
    return (await this.store.bySlot(tenantId, type, channel, manager)) ?? builtIn(type, channel, wording);
  }

  async create(tenantId: string, input: NewTemplate): Promise<MessageTemplate> {
    const subject = input.subject ?? null;
    assertValid({ ...input, subject });
    const created = await this.store.insert(tenantId, {
      type: input.type,
      channel: input.channel,
      name: input.name?.trim() || defaultTemplate(input.type, input.channel).name,
      subject,
      variations: input.variations,
    });
    if (!created) throw new TemplateExistsError(input.type, input.channel);
    return created;
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
    const updated = await this.store.update(tenantId, id, {
      name: next.name.trim(),
      subject: next.subject,
      variations: next.variations,
    });
    if (!updated) throw new TemplateNotFoundError(id);
    return updated;
  }

  /** Deletes the tenant's template: its type × channel goes back to the built-in default. */
  async remove(tenantId: string, id: string): Promise<void> {
    const current = await this.get(tenantId, id);
    if (current.builtIn) throw new BuiltInTemplateError(id);
    await this.store.remove(tenantId, id);
  }
}
