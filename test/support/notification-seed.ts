import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

/** Seeds a debtor with one open debt and schedules in the given statuses, straight into the tables. */
export async function seedDebtor(
  db: DataSource,
  tenantId: string,
  id: string,
  options: {
    whatsapp?: string;
    phone?: string;
    schedules?: Array<[status: string, channel: string, dueInHours: number]>;
  } = {},
): Promise<string[]> {
  await db.query(
    `INSERT INTO notification_flow.debtors (tenant_id, id, source, name, email, phone, whatsapp)
     VALUES ($1, $2, 'ixc', $3, $4, $5, $6)`,
    [
      tenantId,
      id,
      `Cliente ${id}`,
      `${id.replace(':', '-')}@mail.test`,
      options.phone ?? null,
      options.whatsapp ?? null,
    ],
  );
  await db.query(
    `INSERT INTO notification_flow.debts (tenant_id, id, debtor_id, source, due_date, amount_cents, open_cents, status)
     VALUES ($1, $2, $3, 'ixc', current_date - 3, 9990, 9990, 'open'),
            ($1, $2 || '-paid', $3, 'ixc', current_date - 40, 5000, 0, 'paid')`,
    [tenantId, `${id}-debt`, id],
  );
  const flowId = randomUUID();
  const ids: string[] = [];
  for (const [i, [status, channel, dueInHours]] of (options.schedules ?? []).entries()) {
    const sid = randomUUID();
    ids.push(sid);
    await db.query(
      `INSERT INTO notification_flow.schedules (id, tenant_id, debtor_id, flow_id, flow_version, step_key, step_index,
         channel, type, anchor_date, planned_at, due_at, status)
       VALUES ($1, $2, $3, $4, 1, $5, $6, $7, 'overdue', current_date - 3, now(), now() + $8 * interval '1 hour', $9)`,
      [sid, tenantId, id, flowId, `D+${i}`, i, channel, dueInHours, status],
    );
  }
  return ids;
}
