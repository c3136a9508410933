import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Channel, MessageType } from '../../domain/cadence';
import type { TemplateWording } from '../../domain/templates/default-templates';
import {
  compileTemplate,
  renderTemplate,
  variationFor,
  type CompiledTemplate,
} from '../../domain/templates/template-engine';
import { MessageRenderer, type RenderedMessage, type TemplateContext } from '../ports/message-renderer';
import { Templates, type MessageTemplate } from './templates.repository';

/**
 * Renders with the tenant's template for the type × channel, or the built-in pt-BR default. The
 * variation comes from the schedule id, so a retry sends the same text. Compiled templates are kept per
 * template id and replaced when the template's `updated_at` changes.
 */
@Injectable()
export class TenantMessageRenderer extends MessageRenderer {
  private readonly compiled = new Map<string, { version: number; template: CompiledTemplate }>();
  /** Template reads in flight outside a transaction, shared by the sends of a batch that want the same slot. */
  private readonly reading = new Map<string, Promise<MessageTemplate>>();

  constructor(private readonly templates: Templates) {
    super();
  }

  async render(
    tenantId: string,
    request: {
      type: MessageType;
      channel: Channel;
      scheduleId: string;
      context: TemplateContext;
      wording?: TemplateWording;
    },
    manager?: EntityManager,
  ): Promise<RenderedMessage> {
    // The consumer's transaction holds the only connection of the embedded database: read through it.
    const template = await this.template(
      tenantId,
      request.type,
      request.channel,
      request.wording ?? 'isp',
      manager,
    );
    const compiled = this.compile(template);
    const variation = variationFor(request.scheduleId, compiled.variations.length);
    return {
      ...renderTemplate(compiled, variation, request.context),
      variation,
      templateId: template.builtIn ? null : template.id,
    };
  }

  /**
   * The slot's template. Without a transaction, a read already in flight for the same slot is shared:
   * a channel worker renders a whole batch at once, and one query per tenant and slot replaces one per
   * message (a template saved meanwhile applies from the next read on, as it would a moment later).
   */
  private template(
    tenantId: string,
    type: MessageType,
    channel: Channel,
    wording: TemplateWording,
    manager?: EntityManager,
  ): Promise<MessageTemplate> {
    if (manager) return this.templates.forSlot(tenantId, type, channel, manager, wording);
    const key = `${tenantId}:${type}:${channel}:${wording}`;
    let read = this.reading.get(key);
    if (!read) {
      read = this.templates
        .forSlot(tenantId, type, channel, undefined, wording)
        .finally(() => this.reading.delete(key));
      this.reading.set(key, read);
    }
    return read;
  }

  private compile(template: MessageTemplate): CompiledTemplate {
    const version = template.updatedAt?.getTime() ?? 0;
    const cached = this.compiled.get(template.id);
    if (cached?.version === version) return cached.template;
    const compiled = compileTemplate(template);
    this.compiled.set(template.id, { version, template: compiled });
    return compiled;
  }
}
