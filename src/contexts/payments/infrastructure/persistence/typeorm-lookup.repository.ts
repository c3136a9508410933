import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Outbox } from '../../../../platform/messaging/outbox';
import type { FoundReceivable } from '../../../sync-ixc/contracts';
import type { PaymentRecordedEvent } from '../../contracts';
import type { NotifiedPayment } from '../../domain/payment-notification';
import type { PaymentLookupRequestedEvent } from '../../domain/payment-lookup-requested.event';
import { LookupRepository, type LookupView } from '../../application/ports/lookup.repository';
import type { Delivery, RecordedOutcome } from '../../application/ports/payment.repository';
import { existingPaymentId, PAYMENT_COLUMNS, paymentPlaceholders, paymentValues } from './payment-rows.sql';

const UNSETTLED = `outcome IN ('lookup_needed', 'lookup_failed')`;
const KEY = `tenant_id = $1 AND provider = $2 AND event_id = $3`;
const keyOf = (d: Delivery) => [d.tenantId, d.provider, d.eventId];
/** An error message kept for operators: bounded, never a body. */
const bounded = (text: string) => text.slice(0, 500);

interface LookupRow {
  provider: string;
  event_id: string;
  provider_payment_id: string;
  outcome: 'lookup_needed' | 'lookup_failed';
  lookup_attempts: number;
  lookup_error: string | null;
  received_at: Date;
  updated_at: Date | null;
}

@Injectable()
export class TypeormLookupRepository extends LookupRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {
    super();
  }

  requestLookup(
    delivery: Delivery,
    providerPaymentId: string,
    request: PaymentLookupRequestedEvent,
  ): Promise<boolean> {
    return this.dataSource.transaction(async (tx) => {
      const rows = (await tx.query(
        `INSERT INTO payments.webhook_deliveries (tenant_id, provider, event_id, outcome, provider_payment_id)
         VALUES ($1, $2, $3, 'lookup_needed', $4) ON CONFLICT DO NOTHING RETURNING event_id`,
        [...keyOf(delivery), providerPaymentId],
      )) as unknown[];
      if (rows.length === 0) return false;
      await this.outbox.publish(tx, [request]);
      return true;
    });
  }

  async pending(delivery: Delivery): Promise<string | null> {
    const [row] = (await this.dataSource.query(
      `SELECT provider_payment_id FROM payments.webhook_deliveries WHERE ${KEY} AND ${UNSETTLED}`,
      keyOf(delivery),
    )) as Array<{ provider_payment_id: string | null }>;
    return row?.provider_payment_id ?? null;
  }

  async failed(delivery: Delivery, error: string, final: boolean): Promise<void> {
    await this.dataSource.query(
      `UPDATE payments.webhook_deliveries
          SET lookup_attempts = lookup_attempts + 1, lookup_error = $4, updated_at = now(),
              outcome = CASE WHEN $5 THEN 'lookup_failed' ELSE outcome END
        WHERE ${KEY} AND ${UNSETTLED}`,
      [...keyOf(delivery), bounded(error), final],
    );
  }

  async settle(
    delivery: Delivery,
    outcome: 'not_found' | 'not_approved',
    providerStatus: string | null,
  ): Promise<boolean> {
    const [, count] = (await this.dataSource.query(
      `UPDATE payments.webhook_deliveries
          SET outcome = $4, provider_status = $5, lookup_attempts = lookup_attempts + 1, lookup_error = NULL,
              updated_at = now()
        WHERE ${KEY} AND ${UNSETTLED}`,
      [...keyOf(delivery), outcome, providerStatus],
    )) as [unknown, number];
    return count > 0;
  }

  recordPayment(
    delivery: Delivery,
    payment: NotifiedPayment,
    providerStatus: string,
    match: FoundReceivable | null,
    announce: (paymentId: string, receivedAt: Date) => PaymentRecordedEvent,
  ): Promise<RecordedOutcome> {
    return this.dataSource.transaction(async (tx) => {
      const [pending] = (await tx.query(
        `SELECT received_at FROM payments.webhook_deliveries WHERE ${KEY} AND ${UNSETTLED} FOR UPDATE`,
        keyOf(delivery),
      )) as Array<{ received_at: Date }>;
      if (!pending) return { status: 'duplicate_event' };
      const [inserted] = (await tx.query(
        `INSERT INTO payments.payments (${PAYMENT_COLUMNS}) VALUES (${paymentPlaceholders()})
         ON CONFLICT (tenant_id, provider, provider_payment_id) DO NOTHING
         RETURNING id, received_at`,
        paymentValues(randomUUID(), delivery, payment, match, pending.received_at),
      )) as Array<{ id: string; received_at: Date }>;
      let outcome: RecordedOutcome;
      if (inserted) {
        if (match) await this.outbox.publish(tx, [announce(inserted.id, inserted.received_at)]);
        outcome = { status: 'recorded', paymentId: inserted.id, matched: match !== null };
      } else {
        // another notification of the same payment recorded it first
        const paymentId = await existingPaymentId(tx, delivery, payment.providerPaymentId);
        outcome = { status: 'duplicate_payment', paymentId };
      }
      await tx.query(
        `UPDATE payments.webhook_deliveries
            SET outcome = $4, payment_id = $5, provider_status = $6, lookup_attempts = lookup_attempts + 1,
                lookup_error = NULL, updated_at = now()
          WHERE ${KEY}`,
        [
          ...keyOf(delivery),
          outcome.status === 'recorded' ? (match ? 'matched' : 'unmatched') : 'duplicate',
          outcome.paymentId,
          providerStatus,
        ],
      );
      return outcome;
    });
  }

  async unsettled(tenantId: string, limit: number): Promise<LookupView[]> {
    const rows = (await this.dataSource.query(
      `SELECT provider, event_id, provider_payment_id, outcome, lookup_attempts, lookup_error, received_at,
              updated_at
         FROM payments.webhook_deliveries
        WHERE tenant_id = $1 AND ${UNSETTLED}
        ORDER BY received_at DESC LIMIT $2`,
      [tenantId, limit],
    )) as LookupRow[];
    return rows.map((r) => ({
      provider: r.provider,
      eventId: r.event_id,
      providerPaymentId: r.provider_payment_id,
      status: r.outcome,
      attempts: r.lookup_attempts,
      lastError: r.lookup_error,
      receivedAt: r.received_at.toISOString(),
      updatedAt: r.updated_at?.toISOString() ?? null,
    }));
  }
}
