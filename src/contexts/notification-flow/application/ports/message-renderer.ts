import type { EntityManager } from 'typeorm';
import type { Channel, MessageType } from '../../domain/cadence';
import type { TemplateWording } from '../../domain/templates/default-templates';
import type { TemplateContext } from '../../domain/templates/template-context';

export type { DebtView, TemplateContext } from '../../domain/templates/template-context';

export interface RenderedMessage {
  subject?: string;
  text: string;
  html?: string;
  /** 0-based variation used (deterministic per schedule) */
  variation: number;
  /** the tenant's template, or null for the product default */
  templateId: string | null;
}

/**
 * Renders the tenant's template (or the built-in pt-BR default in the debt's `wording`, ISP unless
 * said) for a schedule.
 */
export abstract class MessageRenderer {
  abstract render(
    tenantId: string,
    request: {
      type: MessageType;
      channel: Channel;
      scheduleId: string;
      context: TemplateContext;
      wording?: TemplateWording;
    },
    manager?: EntityManager,
  ): Promise<RenderedMessage>;
}
