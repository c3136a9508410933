import type { EntityManager } from 'typeorm';
import type { Channel, MessageType } from '../../domain/cadence';

/** One open debt as templates see it (money in cents, dates `yyyy-mm-dd`). */
export interface DebtView {
  id: string;
  description: string;
  dueDate: string;
  amountCents: number;
  openCents: number;
  daysOverdue: number;
  contractId: string | null;
}

/** Everything a template may use (the variable whitelist is derived from this shape). */
export interface TemplateContext {
  debtor: { name: string; firstName: string; document: string | null };
  company: { name: string };
  debts: DebtView[];
  totalOpenCents: number;
  oldestDueDate: string;
  /** days since the oldest open debt's due date (negative before it) */
  daysOverdue: number;
  step: { key: string; offsetDays: number };
}

export interface RenderedMessage {
  subject?: string;
  text: string;
  html?: string;
  /** 0-based variation used (deterministic per schedule) */
  variation: number;
  /** the tenant's template, or null for the product default */
  templateId: string | null;
}

/** Renders the tenant's template (or the built-in pt-BR default) for a schedule. */
export abstract class MessageRenderer {
  abstract render(
    tenantId: string,
    request: { type: MessageType; channel: Channel; scheduleId: string; context: TemplateContext },
    manager?: EntityManager,
  ): Promise<RenderedMessage>;
}
