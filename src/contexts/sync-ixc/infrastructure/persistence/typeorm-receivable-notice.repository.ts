import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Outbox } from '../../../../platform/messaging/outbox';
import type { IntegrationEvent } from '../../../../shared/ddd/domain-event';
import {
  ReceivableNoticeRepository,
  type DueRange,
  type NoticeLedger,
} from '../../application/ports/receivable-notice.repository';
import type { NoticedReceivable } from '../../domain/receivable-notice';

const LEDGERS: Record<NoticeLedger, string> = {
  overdue: 'sync_ixc.overdue_notices',
  'due-soon': 'sync_ixc.due_soon_notices',
};

@Injectable()
export class TypeormReceivableNoticeRepository extends ReceivableNoticeRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {
    super();
  }

  noticeBatch(
    tenantId: string,
    ledger: NoticeLedger,
    range: DueRange,
    limit: number,
    toEvent: (row: NoticedReceivable) => IntegrationEvent,
  ): Promise<number> {
    const table = LEDGERS[ledger];
    const [dueCondition, params] =
      'before' in range
        ? [`r.due_date < $2::date`, [range.before]]
        : [`r.due_date BETWEEN $2::date AND $3::date`, [range.from, range.until]];
    const batch = `$${params.length + 2}`;
    return this.dataSource.transaction(async (tx) => {
      const rows = (await tx.query(
        `WITH due AS (
           SELECT r.id, r.due_date FROM sync_ixc.receivables r
            WHERE r.tenant_id = $1 AND r.open_cents > 0 AND r.status IN ('A', 'P') AND r.released
              AND ${dueCondition}
              AND NOT EXISTS (SELECT 1 FROM ${table} n
                               WHERE n.tenant_id = r.tenant_id AND n.receivable_id = r.id AND n.due_date = r.due_date)
            ORDER BY r.id LIMIT ${batch}),
         noticed AS (
           INSERT INTO ${table} (tenant_id, receivable_id, due_date)
           SELECT $1, id, due_date FROM due ON CONFLICT DO NOTHING RETURNING receivable_id)
         SELECT r.id::text AS id, r.customer_id::text AS "customerId", r.contract_id::text AS "contractId",
                to_char(r.due_date, 'YYYY-MM-DD') AS "dueDate", r.amount_cents::int8 AS "amountCents",
                r.open_cents::int8 AS "openCents",
                to_char(r.ixc_updated_at, 'YYYY-MM-DD HH24:MI:SS') AS "updatedAt",
                c.id IS NOT NULL AS "customerMirrored", c.name AS "customerName", c.document,
                nullif(btrim(c.email), '') AS email, nullif(btrim(c.mobile_phone), '') AS "mobilePhone",
                nullif(btrim(c.whatsapp), '') AS whatsapp, nullif(btrim(c.person_type), '') AS "personType"
           FROM noticed
           JOIN sync_ixc.receivables r ON r.tenant_id = $1 AND r.id = noticed.receivable_id
           LEFT JOIN sync_ixc.customers c ON c.tenant_id = $1 AND c.id = r.customer_id
          ORDER BY r.id`,
        [tenantId, ...params, limit],
      )) as NoticedReceivable[];
      await this.outbox.publish(tx, rows.map(toEvent));
      return rows.length;
    });
  }
}
