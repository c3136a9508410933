import type { EntityManager } from 'typeorm';
import type { Channel, MessageType } from '../../domain/cadence';

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

/** The fields a tenant template is written with (validated before). */
export interface TemplateFields {
  type: MessageType;
  channel: Channel;
  name: string;
  subject: string | null;
  variations: string[];
}

/** `notification_flow.templates`: the tenants' own templates (one per type × channel). */
export abstract class TemplateStore {
  abstract listOwn(tenantId: string): Promise<MessageTemplate[]>;

  abstract byId(tenantId: string, id: string, manager?: EntityManager): Promise<MessageTemplate | null>;

  abstract bySlot(
    tenantId: string,
    type: MessageType,
    channel: Channel,
    manager?: EntityManager,
  ): Promise<MessageTemplate | null>;

  /** Inserts the template; null when the tenant already has one for its type × channel. */
  abstract insert(tenantId: string, fields: TemplateFields): Promise<MessageTemplate | null>;

  /** Null when the tenant has no such template. */
  abstract update(
    tenantId: string,
    id: string,
    fields: Pick<TemplateFields, 'name' | 'subject' | 'variations'>,
  ): Promise<MessageTemplate | null>;

  abstract remove(tenantId: string, id: string): Promise<void>;
}
