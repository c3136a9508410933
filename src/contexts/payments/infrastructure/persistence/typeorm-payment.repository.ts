import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { preparedQuery } from '../../../../platform/database/prepared-query';
import { Outbox } from '../../../../platform/messaging/outbox';
import type { FoundReceivable } from '../../../sync-ixc/contracts';
import { existingPaymentId, PAYMENT_COLUMNS, paymentPlaceholders, paymentValues } from './payment-rows.sql';
import type { PaymentRecordedEvent } from '../../contracts';
import type { NotifiedPayment } from '../../domain/payment-notification';
import {
  PaymentRepository,
  type Delivery,
  type PaymentFilter,
  type PaymentView,
  type RecordedOutcome,
} from '../../application/ports/payment.repository';

interface PaymentRow {
  id: string;
  provider: string;
  provider_payment_id: string;
  amount_cents: string;
  paid_at: Date | null;
  method: string | null;
  external_reference: string | null;
  erp_reference: string | null;
  matched_by: string | null;
  receivable_id: string | null;
  customer_id: string | null;
  contract_id: string | null;
  received_at: Date;
  restored_at: Date | null;
  total: string;
}

/** How long after a payment a line coming back still counts as restored by it. */
const RESTORE_WINDOW = '1 day';

@Injectable()
export class TypeormPaymentRepository extends PaymentRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {
    super();
  }

  async recordDelivery(delivery: Delivery, outcome: 'ignored' | 'lookup_needed'): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `INSERT INTO payments.webhook_deliveries (tenant_id, provider, event_id, outcome) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [delivery.tenantId, delivery.provider, delivery.eventId, outcome],
    )) as unknown[];
    return rows.length > 0;
  }

  async recordPayment(
    delivery: Delivery,
    payment: NotifiedPayment,
    match: FoundReceivable | null,
    receivedAt: Date,
    announce: (paymentId: string, receivedAt: Date) => PaymentRecordedEvent,
  ): Promise<RecordedOutcome> {
    const paymentId = randomUUID();
    const outcome = match ? 'matched' : 'unmatched';
    const params = [...paymentValues(paymentId, delivery, payment, match, receivedAt), outcome];
    // The announcement is known before the statement (Régua chose the payment id and the receipt time), so
    // its outbox row joins it: for a new matched payment, one atomic statement and one round trip.
    const announcement = match
      ? this.outbox.insertStatement(
          [announce(paymentId, receivedAt)],
          params.length + 1,
          'EXISTS (SELECT 1 FROM payment)',
        )
      : undefined;
    // The event id first (a concurrent delivery of the same event waits on its key, then finds it and
    // inserts nothing), then the payment, only for a new event, then its announcement, only for a new payment.
    const [row] = await preparedQuery<{ fresh: number; recorded: number }>(
      this.dataSource,
      `WITH delivery AS (
         INSERT INTO payments.webhook_deliveries (tenant_id, provider, event_id, outcome, payment_id, received_at)
         VALUES ($2, $3, $5, $16, $1, $15) ON CONFLICT DO NOTHING RETURNING event_id
       ), payment AS (
         INSERT INTO payments.payments (${PAYMENT_COLUMNS})
         SELECT ${paymentPlaceholders()} WHERE EXISTS (SELECT 1 FROM delivery)
         ON CONFLICT (tenant_id, provider, provider_payment_id) DO NOTHING
         RETURNING id
       )${announcement ? `, announcement AS (${announcement.sql} RETURNING seq)` : ''}
       SELECT (SELECT count(*) FROM delivery)::int AS fresh, (SELECT count(*) FROM payment)::int AS recorded`,
      [...params, ...(announcement?.values ?? [])],
    );
    if (!row || row.fresh === 0) return { status: 'duplicate_event' };
    if (row.recorded === 0) {
      // a new event about a payment recorded before (Asaas' CONFIRMED, then RECEIVED): rare, two more trips
      const outcome = {
        status: 'duplicate_payment' as const,
        paymentId: await existingPaymentId(this.dataSource, delivery, payment.providerPaymentId),
      };
      await this.dataSource.query(
        `UPDATE payments.webhook_deliveries SET outcome = 'duplicate', payment_id = $4
          WHERE tenant_id = $1 AND provider = $2 AND event_id = $3`,
        [delivery.tenantId, delivery.provider, delivery.eventId, outcome.paymentId],
      );
      return outcome;
    }
    return { status: 'recorded', paymentId, matched: match !== null };
  }

  async list(tenantId: string, filter: PaymentFilter): Promise<{ items: PaymentView[]; total: number }> {
    const rows = (await this.dataSource.query(
      `SELECT *, count(*) OVER () AS total FROM payments.payments
        WHERE tenant_id = $1 AND ($2::boolean IS NULL OR (receivable_id IS NOT NULL) = $2)
        ORDER BY received_at DESC, id LIMIT $3 OFFSET $4`,
      [tenantId, filter.matched ?? null, filter.limit, filter.offset],
    )) as PaymentRow[];
    return { items: rows.map(toView), total: rows.length > 0 ? Number(rows[0]!.total) : 0 };
  }

  async markRestored(tenantId: string, contractId: string, at: Date): Promise<number | null> {
    const [row] = (await this.dataSource.query(
      `UPDATE payments.payments p SET restored_at = $3
         FROM (SELECT id FROM payments.payments
                WHERE tenant_id = $1 AND contract_id = $2 AND restored_at IS NULL
                  AND received_at > $3::timestamptz - interval '${RESTORE_WINDOW}' AND received_at <= $3
                ORDER BY received_at DESC LIMIT 1 FOR UPDATE SKIP LOCKED) newest
        WHERE p.id = newest.id
        RETURNING extract(epoch FROM (p.restored_at - p.received_at))::float8 AS seconds`,
      [tenantId, contractId, at],
    )) as [Array<{ seconds: number }>, number];
    return row?.[0]?.seconds ?? null;
  }
}

function toView(r: PaymentRow): PaymentView {
  return {
    id: r.id,
    provider: r.provider,
    providerPaymentId: r.provider_payment_id,
    amountCents: Number(r.amount_cents),
    paidAt: r.paid_at?.toISOString() ?? null,
    method: r.method,
    externalReference: r.external_reference,
    erpReference: r.erp_reference,
    matched: r.receivable_id !== null,
    matchedBy: r.matched_by,
    receivableId: r.receivable_id,
    customerId: r.customer_id,
    contractId: r.contract_id,
    receivedAt: r.received_at.toISOString(),
    restoredAt: r.restored_at?.toISOString() ?? null,
  };
}
