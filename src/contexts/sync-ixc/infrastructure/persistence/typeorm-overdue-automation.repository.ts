import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Outbox } from '../../../../platform/messaging/outbox';
import { addDays, daysBetween } from '../../../../shared/time/local-date';
import {
  OverdueAutomationRepository,
  type Firing,
  type TicketIntent,
} from '../../application/ports/overdue-automation.repository';
import type { Candidate } from '../../domain/overdue-automation';

@Injectable()
export class TypeormOverdueAutomationRepository extends OverdueAutomationRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {
    super();
  }

  candidates(
    tenantId: string,
    thresholdDays: number,
    today: string,
    options: { receivableIds?: string[] },
  ): Promise<Candidate[]> {
    return this.select(this.dataSource.manager, tenantId, thresholdDays, today, options);
  }

  fireBatch(
    tenantId: string,
    thresholdDays: number,
    today: string,
    actions: string[],
    limit: number,
    fire: (fired: Candidate[]) => Firing,
  ): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      const candidates = await this.select(tx, tenantId, thresholdDays, today, { limit, lock: true });
      if (candidates.length === 0) return 0;
      const firedRows = (await tx.query(
        `INSERT INTO sync_ixc.automation_firings (tenant_id, receivable_id, threshold_days, actions)
         SELECT $1, id, $3, $4 FROM unnest($2::bigint[]) AS id
         ON CONFLICT DO NOTHING RETURNING receivable_id::text AS id`,
        [tenantId, candidates.map((c) => c.receivableId), thresholdDays, actions],
      )) as Array<{ id: string }>;
      const fired = new Set(firedRows.map((r) => r.id));
      const { events, tickets } = fire(candidates.filter((c) => fired.has(c.receivableId)));
      if (events.length > 0) await this.outbox.publish(tx, events);
      for (const ticket of tickets) {
        await tx.query(
          `INSERT INTO sync_ixc.ticket_intents (tenant_id, receivable_id, threshold_days, body) VALUES ($1, $2, $3, $4)
           ON CONFLICT DO NOTHING`,
          [tenantId, ticket.receivableId, thresholdDays, JSON.stringify(ticket.body)],
        );
      }
      return candidates.length;
    });
  }

  async pendingTicketIntents(tenantId: string, limit: number): Promise<TicketIntent[]> {
    return (await this.dataSource.query(
      `SELECT id, body, attempts FROM sync_ixc.ticket_intents WHERE tenant_id = $1 AND status = 'pending' ORDER BY created_at LIMIT $2`,
      [tenantId, limit],
    )) as TicketIntent[];
  }

  async countAttempt(intentId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE sync_ixc.ticket_intents SET attempts = attempts + 1, updated_at = now() WHERE id = $1`,
      [intentId],
    );
  }

  async ticketCreated(intentId: string, ixcTicketId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE sync_ixc.ticket_intents SET status = 'created', ixc_ticket_id = $2, updated_at = now() WHERE id = $1`,
      [intentId, ixcTicketId],
    );
  }

  async ticketAttemptFailed(intentId: string, error: string, giveUp: boolean): Promise<void> {
    await this.dataSource.query(
      `UPDATE sync_ixc.ticket_intents SET last_error = $2, updated_at = now(),
              status = CASE WHEN $3 THEN 'failed' ELSE status END WHERE id = $1`,
      [intentId, error, giveUp],
    );
  }

  async countPendingTicketIntents(tenantId: string): Promise<number> {
    const [{ pending }] = (await this.dataSource.query(
      `SELECT count(*)::int AS pending FROM sync_ixc.ticket_intents WHERE tenant_id = $1 AND status = 'pending'`,
      [tenantId],
    )) as [{ pending: number }];
    return pending;
  }

  private async select(
    manager: EntityManager,
    tenantId: string,
    thresholdDays: number,
    today: string,
    options: { receivableIds?: string[]; limit?: number; lock?: boolean },
  ): Promise<Candidate[]> {
    const params: unknown[] = [tenantId, addDays(today, -thresholdDays), thresholdDays];
    const only = options.receivableIds
      ? `AND r.id = ANY($${params.push(options.receivableIds)}::bigint[])`
      : '';
    const limit = options.limit ? `LIMIT $${params.push(options.limit)}` : '';
    const rows = (await manager.query(
      `SELECT r.id::text AS "receivableId", r.customer_id::text AS "customerId", r.contract_id::text AS "contractId",
              to_char(r.due_date, 'YYYY-MM-DD') AS "dueDate", r.amount_cents::int8 AS "amountCents",
              r.open_cents::int8 AS "openCents"
         FROM sync_ixc.receivables r
        WHERE r.tenant_id = $1 AND r.open_cents > 0 AND r.status IN ('A', 'P') AND r.released
          AND r.due_date <= $2::date ${only}
          AND NOT EXISTS (SELECT 1 FROM sync_ixc.automation_firings f
                           WHERE f.tenant_id = r.tenant_id AND f.receivable_id = r.id AND f.threshold_days = $3)
        ORDER BY r.due_date, r.id ${limit} ${options.lock ? 'FOR UPDATE OF r SKIP LOCKED' : ''}`,
      params,
    )) as Array<
      Omit<Candidate, 'daysOverdue' | 'amountCents' | 'openCents'> & {
        amountCents: string;
        openCents: string;
      }
    >;
    return rows.map((r) => ({
      ...r,
      amountCents: Number(r.amountCents),
      openCents: Number(r.openCents),
      daysOverdue: daysBetween(r.dueDate, today),
    }));
  }
}
