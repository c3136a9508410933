import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { daysBetween } from '../../../../shared/time/local-date';
import { Flows } from '../flows/flows.repository';
import type { DebtView, TemplateContext } from '../ports/message-renderer';
import type { NotificationSettings } from '../settings/notification-settings';
import { debtorKey, type DebtRow, type ScheduleRow, type Work } from './sending-batch';

/** What a message's template sees: the debtor and all their open debts (one message lists every debt). */
@Injectable()
export class TemplateContexts {
  constructor(
    private readonly dataSource: DataSource,
    private readonly flows: Flows,
  ) {}

  /** The open debts of every debtor of the batch (one query), oldest first, by {@link debtorKey}. */
  async openDebts(work: Work[]): Promise<Map<string, DebtRow[]>> {
    const byDebtor = new Map<string, DebtRow[]>();
    if (work.length === 0) return byDebtor;
    const rows = (await this.dataSource.query(
      `SELECT x.tenant_id, x.debtor_id, x.id, x.description, to_char(x.due_date, 'YYYY-MM-DD') AS due_date,
              x.amount_cents::int8 AS amount_cents, x.open_cents::int8 AS open_cents, x.contract_id
         FROM (SELECT DISTINCT * FROM unnest($1::uuid[], $2::text[])) AS d(tenant_id, debtor_id)
         JOIN notification_flow.debts x ON x.tenant_id = d.tenant_id AND x.debtor_id = d.debtor_id
        WHERE x.status = 'open'
        ORDER BY x.due_date, x.id`,
      [work.map((w) => w.row.tenant_id), work.map((w) => w.row.debtor_id)],
    )) as Array<DebtRow & { tenant_id: string; debtor_id: string }>;
    for (const { tenant_id, debtor_id, ...debt } of rows) {
      const key = debtorKey(tenant_id, debtor_id);
      const list = byDebtor.get(key);
      if (list) list.push(debt);
      else byDebtor.set(key, [debt]);
    }
    return byDebtor;
  }

  async of(
    row: ScheduleRow,
    tenant: NotificationSettings,
    debts: DebtRow[],
    today: string,
  ): Promise<TemplateContext> {
    const views: DebtView[] = debts.map((d) => ({
      id: d.id,
      description: d.description,
      dueDate: d.due_date,
      amountCents: Number(d.amount_cents),
      openCents: Number(d.open_cents),
      daysOverdue: daysBetween(d.due_date, today),
      contractId: d.contract_id,
    }));
    const oldest = views[0]?.dueDate ?? row.anchor_date;
    const step = await this.flows.step(row.flow_id, row.flow_version, row.step_key);
    return {
      debtor: {
        name: row.name,
        firstName: row.name.trim().split(/\s+/)[0] ?? row.name,
        document: row.document,
      },
      company: { name: tenant.companyName ?? 'Régua' },
      debts: views,
      totalOpenCents: views.reduce((sum, d) => sum + d.openCents, 0),
      oldestDueDate: oldest,
      daysOverdue: daysBetween(oldest, today),
      step: { key: row.step_key, offsetDays: step?.offsetDays ?? 0 },
    };
  }
}
