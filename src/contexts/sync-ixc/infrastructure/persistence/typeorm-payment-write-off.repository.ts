import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Tenants } from '../../../../platform/access/tenants';
import {
  PaymentWriteOffRepository,
  type WriteOffClaim,
  type WriteOffStatus,
} from '../../application/ports/payment-write-off.repository';

@Injectable()
export class TypeormPaymentWriteOffRepository extends PaymentWriteOffRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tenants: Tenants,
  ) {
    super();
  }

  async claim(tenantId: string, paymentId: string, receivableId: string): Promise<WriteOffClaim> {
    const created = (await this.dataSource.query(
      `INSERT INTO sync_ixc.payment_write_offs (tenant_id, payment_id, receivable_id, status)
       VALUES ($1, $2, $3::bigint, 'sending') ON CONFLICT DO NOTHING RETURNING status`,
      [tenantId, paymentId, receivableId],
    )) as Array<{ status: WriteOffStatus }>;
    if (created.length > 0) return { created: true, status: 'sending' };
    const [row] = (await this.dataSource.query(
      `SELECT status FROM sync_ixc.payment_write_offs WHERE tenant_id = $1 AND payment_id = $2`,
      [tenantId, paymentId],
    )) as Array<{ status: WriteOffStatus }>;
    return { created: false, status: row?.status ?? 'sending' };
  }

  async settle(
    tenantId: string,
    paymentId: string,
    status: Exclude<WriteOffStatus, 'sending'>,
    detail: { ixcId?: string | null; detail?: string | null },
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE sync_ixc.payment_write_offs SET status = $3, ixc_id = $4, detail = $5, updated_at = now()
        WHERE tenant_id = $1 AND payment_id = $2`,
      [tenantId, paymentId, status, detail.ixcId ?? null, detail.detail ?? null],
    );
  }

  async settings(tenantId: string): Promise<{ enabled: boolean; accountId: string | null }> {
    const ixc = (await this.tenants.integrations(tenantId)).ixc;
    const account = ixc?.writeOffAccountId;
    const accountId =
      (typeof account === 'string' || typeof account === 'number') && /^\d{1,9}$/.test(String(account))
        ? String(account)
        : null;
    return { enabled: ixc?.writeOffPayments === true, accountId };
  }

  async branchOf(tenantId: string, receivableId: string): Promise<string | null> {
    const [row] = (await this.dataSource.query(
      `SELECT branch_id FROM sync_ixc.receivables WHERE tenant_id = $1 AND id = $2::bigint`,
      [tenantId, receivableId],
    )) as Array<{ branch_id: string | null }>;
    return row?.branch_id ?? null;
  }
}
