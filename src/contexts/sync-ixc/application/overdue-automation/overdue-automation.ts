import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Tenants } from '../../../../platform/access/tenants';
import { Outbox } from '../../../../platform/messaging/outbox';
import { addDays, daysBetween, localDate } from '../../../../shared/time/local-date';
import { ReceivableOverdueThresholdReachedEvent } from '../../contracts/receivable-events';
import { IxcSource } from '../ports/ixc-source';

export interface AutomationSettings {
  enabled: boolean;
  thresholdDays: number;
  emitEvent: boolean;
  openTicket: boolean;
  ticketSubjectId: string | null;
  ticketSectorId: string | null;
  /** `{receivableId}`, `{daysOverdue}`, `{customerId}` are replaced. */
  ticketTitle: string;
}

export interface Candidate {
  receivableId: string;
  customerId: string;
  contractId: string | null;
  dueDate: string;
  daysOverdue: number;
  amountCents: number;
  openCents: number;
}

export type AutomationAction = 'event' | 'ticket';

const DEFAULTS: AutomationSettings = {
  enabled: true,
  thresholdDays: 20,
  emitEvent: true,
  openTicket: false,
  ticketSubjectId: null,
  ticketSectorId: null,
  ticketTitle: 'Cobrança: fatura {receivableId} com {daysOverdue} dias de atraso',
};

const BATCH = 500;
const MAX_TICKET_ATTEMPTS = 5;

/** The marker that lets a ticket intent find the ticket it may already have created. */
export const ticketMarker = (intentId: string) => `[regua ${intentId}]`;

/**
 * Replaces the console's 20-day rule: each open receivable at least N days overdue fires its actions
 * exactly once per (receivable, threshold) — the firing row and the outbox event are one transaction.
 * Tickets are intents first, created in IXC afterwards and reconciled by a marker in their title, so a
 * crash between IXC's answer and our commit never opens a second ticket.
 */
@Injectable()
export class OverdueAutomation {
  private readonly logger = new Logger('OverdueAutomation');

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly tenants: Tenants,
    private readonly source: IxcSource,
  ) {}

  async settings(tenantId: string): Promise<AutomationSettings> {
    const [row] = (await this.dataSource.query(
      `SELECT enabled, threshold_days AS "thresholdDays", emit_event AS "emitEvent", open_ticket AS "openTicket",
              ticket_subject_id AS "ticketSubjectId", ticket_sector_id AS "ticketSectorId", ticket_title AS "ticketTitle"
         FROM sync_ixc.automation_settings WHERE tenant_id = $1`,
      [tenantId],
    )) as AutomationSettings[];
    return row ?? DEFAULTS;
  }

  async saveSettings(tenantId: string, changes: Partial<AutomationSettings>): Promise<AutomationSettings> {
    // Only what the caller sent changes (a DTO carries absent fields as undefined).
    const given = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    const next: AutomationSettings = { ...(await this.settings(tenantId)), ...given };
    await this.dataSource.query(
      `INSERT INTO sync_ixc.automation_settings
         (tenant_id, enabled, threshold_days, emit_event, open_ticket, ticket_subject_id, ticket_sector_id, ticket_title)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (tenant_id) DO UPDATE SET enabled = $2, threshold_days = $3, emit_event = $4, open_ticket = $5,
         ticket_subject_id = $6, ticket_sector_id = $7, ticket_title = $8, updated_at = now()`,
      [
        tenantId,
        next.enabled,
        next.thresholdDays,
        next.emitEvent,
        next.openTicket,
        next.ticketSubjectId,
        next.ticketSectorId,
        next.ticketTitle,
      ],
    );
    return next;
  }

  actionsOf(settings: AutomationSettings): AutomationAction[] {
    return [
      ...(settings.emitEvent ? ['event' as const] : []),
      ...(settings.openTicket ? ['ticket' as const] : []),
    ];
  }

  /** What would fire now (nothing is written). `receivableIds` narrows it to some receivables. */
  async dryRun(tenantId: string, receivableIds?: string[]) {
    const settings = await this.settings(tenantId);
    const today = await this.today(tenantId);
    const actions = this.actionsOf(settings);
    const items = settings.enabled
      ? await this.candidates(this.dataSource.manager, tenantId, settings.thresholdDays, today, {
          receivableIds,
        })
      : [];
    return {
      thresholdDays: settings.thresholdDays,
      enabled: settings.enabled,
      actions,
      items,
      total: items.length,
    };
  }

  /** Fires every pending candidate, then creates (or finds) the tickets of pending intents. */
  async run(
    tenantId: string,
  ): Promise<{ fired: number; ticketsCreated: number; ticketsPending: number; ticketsFailed: number }> {
    const settings = await this.settings(tenantId);
    let fired = 0;
    if (settings.enabled) {
      const today = await this.today(tenantId);
      for (;;) {
        const n = await this.dataSource.transaction((tx) => this.fireBatch(tx, tenantId, settings, today));
        fired += n;
        if (n < BATCH) break;
      }
    }
    return { fired, ...(await this.reconcileTickets(tenantId)) };
  }

  private async fireBatch(
    tx: EntityManager,
    tenantId: string,
    settings: AutomationSettings,
    today: string,
  ): Promise<number> {
    const candidates = await this.candidates(tx, tenantId, settings.thresholdDays, today, {
      limit: BATCH,
      lock: true,
    });
    if (candidates.length === 0) return 0;
    const actions = this.actionsOf(settings);
    const firedRows = (await tx.query(
      `INSERT INTO sync_ixc.automation_firings (tenant_id, receivable_id, threshold_days, actions)
       SELECT $1, id, $3, $4 FROM unnest($2::bigint[]) AS id
       ON CONFLICT DO NOTHING RETURNING receivable_id::text AS id`,
      [tenantId, candidates.map((c) => c.receivableId), settings.thresholdDays, actions],
    )) as Array<{ id: string }>;
    const fired = new Set(firedRows.map((r) => r.id));
    const toFire = candidates.filter((c) => fired.has(c.receivableId));
    if (settings.emitEvent) {
      await this.outbox.publish(
        tx,
        toFire.map(
          (c) =>
            new ReceivableOverdueThresholdReachedEvent(tenantId, {
              ...c,
              thresholdDays: settings.thresholdDays,
            }),
        ),
      );
    }
    if (settings.openTicket) {
      for (const c of toFire) {
        await tx.query(
          `INSERT INTO sync_ixc.ticket_intents (tenant_id, receivable_id, threshold_days, body) VALUES ($1, $2, $3, $4)
           ON CONFLICT DO NOTHING`,
          [tenantId, c.receivableId, settings.thresholdDays, JSON.stringify(this.ticketBody(settings, c))],
        );
      }
    }
    return candidates.length;
  }

  private ticketBody(settings: AutomationSettings, c: Candidate): Record<string, string> {
    const title = settings.ticketTitle
      .replaceAll('{receivableId}', c.receivableId)
      .replaceAll('{daysOverdue}', String(c.daysOverdue))
      .replaceAll('{customerId}', c.customerId);
    return {
      tipo: 'C',
      id_cliente: c.customerId,
      id_contrato: c.contractId ?? '',
      id_assunto: settings.ticketSubjectId ?? '',
      id_ticket_setor: settings.ticketSectorId ?? '',
      titulo: title,
      menssagem: `Fatura ${c.receivableId} vencida em ${c.dueDate}, ${c.daysOverdue} dias em atraso. Aberto pela Régua.`,
      prioridade: 'M',
      su_status: 'N',
    };
  }

  /** Creates the tickets of pending intents; an intent whose marked ticket already exists adopts it. */
  async reconcileTickets(
    tenantId: string,
  ): Promise<{ ticketsCreated: number; ticketsPending: number; ticketsFailed: number }> {
    const intents = (await this.dataSource.query(
      `SELECT id, body, attempts FROM sync_ixc.ticket_intents WHERE tenant_id = $1 AND status = 'pending' ORDER BY created_at LIMIT 200`,
      [tenantId],
    )) as Array<{ id: string; body: Record<string, string>; attempts: number }>;
    let created = 0;
    let failed = 0;
    for (const intent of intents) {
      const marker = ticketMarker(intent.id);
      // The attempt is counted (committed) before IXC is called: an intent that was ever attempted may
      // have a ticket already — it is searched by its marker first. A fresh one goes straight to create.
      await this.dataSource.query(
        `UPDATE sync_ixc.ticket_intents SET attempts = attempts + 1, updated_at = now() WHERE id = $1`,
        [intent.id],
      );
      try {
        const existing = intent.attempts > 0 ? await this.source.findTickets(tenantId, marker) : [];
        const ticketId =
          existing.find((t) => (t.titulo ?? '').includes(marker))?.id ??
          (await this.source.createTicket(tenantId, {
            ...intent.body,
            titulo: `${intent.body.titulo} ${marker}`,
          }));
        await this.dataSource.query(
          `UPDATE sync_ixc.ticket_intents SET status = 'created', ixc_ticket_id = $2, updated_at = now() WHERE id = $1`,
          [intent.id, ticketId],
        );
        created += 1;
      } catch (error) {
        const giveUp = intent.attempts + 1 >= MAX_TICKET_ATTEMPTS;
        if (giveUp) failed += 1;
        this.logger.warn(
          { err: error, intentId: intent.id },
          giveUp ? 'Ticket intent failed for good' : 'Ticket intent will retry',
        );
        await this.dataSource.query(
          `UPDATE sync_ixc.ticket_intents SET last_error = $2, updated_at = now(),
                  status = CASE WHEN $3 THEN 'failed' ELSE status END WHERE id = $1`,
          [intent.id, error instanceof Error ? error.message.slice(0, 2000) : String(error), giveUp],
        );
      }
    }
    const [{ pending }] = (await this.dataSource.query(
      `SELECT count(*)::int AS pending FROM sync_ixc.ticket_intents WHERE tenant_id = $1 AND status = 'pending'`,
      [tenantId],
    )) as [{ pending: number }];
    return { ticketsCreated: created, ticketsPending: pending, ticketsFailed: failed };
  }

  private async candidates(
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

  private async today(tenantId: string): Promise<string> {
    return localDate(new Date(), await this.tenants.timeZone(tenantId));
  }
}
