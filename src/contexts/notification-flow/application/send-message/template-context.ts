import { Injectable } from '@nestjs/common';
import { daysBetween } from '../../../../shared/time/local-date';
import { wordingOfSource, type TemplateWording } from '../../domain/templates/default-templates';
import { Flows } from '../flows/flows.repository';
import type { DebtView, TemplateContext } from '../ports/message-renderer';
import { SendingSchedules } from '../ports/sending-schedules.repository';
import type { NotificationSettings } from '../settings/notification-settings';
import { debtorKey, type DebtRow, type ScheduleRow, type Work } from './sending-batch';

/** What a message's template sees: the debtor and all their open debts (one message lists every debt). */
@Injectable()
export class TemplateContexts {
  constructor(
    private readonly schedules: SendingSchedules,
    private readonly flows: Flows,
  ) {}

  /** The open debts of every debtor of the batch (one query), oldest first, by {@link debtorKey}. */
  async openDebts(work: Work[]): Promise<Map<string, DebtRow[]>> {
    const byDebtor = new Map<string, DebtRow[]>();
    if (work.length === 0) return byDebtor;
    const rows = await this.schedules.openDebts(
      work.map((w) => ({ tenantId: w.row.tenant_id, debtorId: w.row.debtor_id })),
    );
    for (const { tenant_id, debtor_id, ...debt } of rows) {
      const key = debtorKey(tenant_id, debtor_id);
      const list = byDebtor.get(key);
      if (list) list.push(debt);
      else byDebtor.set(key, [debt]);
    }
    return byDebtor;
  }

  /** The default templates' wording: by the source of the debtor's debts (its id's prefix when none is open). */
  wordingOf(row: ScheduleRow, debts: DebtRow[]): TemplateWording {
    return wordingOfSource(debts[0]?.source ?? row.debtor_id.split(':')[0]);
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
    const step =
      row.flow_id === null || row.flow_version === null
        ? undefined
        : await this.flows.step(row.flow_id, row.flow_version, row.step_key);
    return {
      debtor: {
        name: row.name,
        firstName: row.name.trim().split(/\s+/)[0] ?? row.name,
        document: row.document,
      },
      // A clinic's patient hears from the clinic, not from the tenant that runs the dunning for it.
      company: { name: debts[0]?.creditor_name ?? tenant.companyName ?? 'Régua' },
      debts: views,
      totalOpenCents: views.reduce((sum, d) => sum + d.openCents, 0),
      oldestDueDate: oldest,
      daysOverdue: daysBetween(oldest, today),
      step: { key: row.step_key, offsetDays: step?.offsetDays ?? 0 },
    };
  }
}
