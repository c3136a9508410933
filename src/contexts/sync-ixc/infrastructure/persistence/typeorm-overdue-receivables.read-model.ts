import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { OverdueReceivable } from '../../contracts/list-overdue-receivables.query';
import { OverdueReceivablesReadModel } from '../../application/ports/overdue-receivables.read-model';

interface Row {
  receivableId: string;
  customerId: string;
  contractId: string | null;
  dueDate: string;
  amountCents: string;
  openCents: string;
  daysOverdue: number;
  name: string | null;
  document: string | null;
}

@Injectable()
export class TypeormOverdueReceivablesReadModel extends OverdueReceivablesReadModel {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async dueOnOrBefore(
    tenantId: string,
    lastDueDate: string,
    today: string,
    afterReceivableId: string | null,
    limit: number,
  ): Promise<OverdueReceivable[]> {
    const rows = (await this.dataSource.query(
      `SELECT r.id::text AS "receivableId", r.customer_id::text AS "customerId", r.contract_id::text AS "contractId",
              to_char(r.due_date, 'YYYY-MM-DD') AS "dueDate", r.amount_cents::text AS "amountCents",
              r.open_cents::text AS "openCents", ($3::date - r.due_date)::int AS "daysOverdue",
              c.name, c.document
         FROM sync_ixc.receivables r
         LEFT JOIN sync_ixc.customers c ON c.tenant_id = r.tenant_id AND c.id = r.customer_id
        WHERE r.tenant_id = $1 AND r.open_cents > 0 AND r.status IN ('A', 'P') AND r.released
          AND r.due_date <= $2::date AND ($4::bigint IS NULL OR r.id > $4::bigint)
        ORDER BY r.id LIMIT $5`,
      [tenantId, lastDueDate, today, afterReceivableId, limit],
    )) as Row[];
    return rows.map((r) => ({
      receivableId: r.receivableId,
      customerId: r.customerId,
      contractId: r.contractId,
      dueDate: r.dueDate,
      amountCents: Number(r.amountCents),
      openCents: Number(r.openCents),
      daysOverdue: r.daysOverdue,
      customer: r.name === null ? null : { name: r.name, document: r.document },
    }));
  }
}
