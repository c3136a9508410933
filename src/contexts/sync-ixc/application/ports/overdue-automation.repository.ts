import type { IntegrationEvent } from '../../../../shared/ddd/domain-event';
import type { Candidate } from '../../domain/overdue-automation';

/** What firing some candidates writes: outbox events and ticket intents (IXC ticket bodies). */
export interface Firing {
  events: IntegrationEvent[];
  tickets: Array<{ receivableId: string; body: Record<string, string> }>;
}

export interface TicketIntent {
  id: string;
  body: Record<string, string>;
  attempts: number;
}

/** Firings and ticket intents of the overdue automation (`sync_ixc.automation_firings`, `ticket_intents`). */
export abstract class OverdueAutomationRepository {
  /** Open receivables at least `thresholdDays` overdue on `today`, not yet fired for that threshold. */
  abstract candidates(
    tenantId: string,
    thresholdDays: number,
    today: string,
    options: { receivableIds?: string[] },
  ): Promise<Candidate[]>;

  /**
   * In one transaction: locks up to `limit` candidates, records their firing for `thresholdDays` with
   * `actions`, and writes what `fire` returns for the newly recorded ones. Returns how many candidates
   * were locked (fewer than `limit`: none left).
   */
  abstract fireBatch(
    tenantId: string,
    thresholdDays: number,
    today: string,
    actions: string[],
    limit: number,
    fire: (fired: Candidate[]) => Firing,
  ): Promise<number>;

  abstract pendingTicketIntents(tenantId: string, limit: number): Promise<TicketIntent[]>;
  /** Counted (committed) before IXC is called. */
  abstract countAttempt(intentId: string): Promise<void>;
  abstract ticketCreated(intentId: string, ixcTicketId: string): Promise<void>;
  abstract ticketAttemptFailed(intentId: string, error: string, giveUp: boolean): Promise<void>;
  abstract countPendingTicketIntents(tenantId: string): Promise<number>;
}
