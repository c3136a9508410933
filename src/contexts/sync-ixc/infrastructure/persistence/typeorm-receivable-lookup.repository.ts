import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { preparedQuery } from '../../../../platform/database/prepared-query';
import type { FoundReceivable, ReceivableKeys } from '../../contracts/find-receivable.query';
import { ReceivableLookupRepository } from '../../application/ports/receivable-lookup.repository';

interface Row {
  id: string;
  customer_id: string;
  contract_id: string | null;
  due_date: string | null;
  amount_cents: string;
  open_cents: string;
  status: string;
}

/** Longest text a key may have: IXC ids are bigints, boleto numbers and PIX txids at most 35 characters. */
const MAX_KEY_LENGTH = 64;

@Injectable()
export class TypeormReceivableLookupRepository extends ReceivableLookupRepository {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async find(tenantId: string, keys: ReceivableKeys): Promise<FoundReceivable | null> {
    const id = keys.receivableId?.trim();
    if (id && /^\d{1,18}$/.test(id)) {
      const found = await this.one(tenantId, 'id = $2::bigint', id, 'receivableId');
      if (found) return found;
    }
    for (const [key, column] of [
      ['boletoNumber', 'boleto_number'],
      ['pixTxid', 'pix_txid'],
    ] as const) {
      const value = keys[key]?.trim();
      if (!value || value.length > MAX_KEY_LENGTH) continue;
      const found = await this.one(tenantId, `${column} = $2`, value, key);
      if (found) return found;
    }
    return null;
  }

  private async one(
    tenantId: string,
    condition: string,
    value: string,
    matchedBy: keyof ReceivableKeys,
  ): Promise<FoundReceivable | null> {
    // The newest receivable when a reused boleto number names several (never happens with ids).
    const [row] = await preparedQuery<Row>(
      this.dataSource,
      `SELECT id::text, customer_id::text, contract_id::text, to_char(due_date, 'YYYY-MM-DD') AS due_date,
              amount_cents::text, open_cents::text, status
         FROM sync_ixc.receivables WHERE tenant_id = $1 AND ${condition}
        ORDER BY due_date DESC NULLS LAST, id DESC LIMIT 1`,
      [tenantId, value],
    );
    if (!row) return null;
    return {
      receivableId: row.id,
      customerId: row.customer_id,
      contractId: row.contract_id,
      dueDate: row.due_date,
      amountCents: Number(row.amount_cents),
      openCents: Number(row.open_cents),
      status: row.status,
      matchedBy,
    };
  }
}
