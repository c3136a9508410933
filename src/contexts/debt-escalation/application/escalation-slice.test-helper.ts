import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { tenantAdmin } from '../../../../test/support/access-client';
import { startTestApp, type TestApp } from '../../../../test/support/test-app';
import { addDays, localDate } from '../../../shared/time/local-date';
import type { OverdueDebt } from '../domain/escalation-rule';
import { EscalateDebtsCommand, type EscalationOutcome } from './escalate-debts/escalate-debts.command';

/** A slice of debt-escalation: the real app (API role: no consumers, no crons) on a fresh database. */
export interface EscalationSlice {
  t: TestApp;
  tenantId: string;
  commands: CommandBus;
  queries: QueryBus;
  db: DataSource;
  today: string;
  debt(overrides: Partial<OverdueDebt> & { daysOverdue?: number }): OverdueDebt;
  escalate(debts: OverdueDebt[]): Promise<EscalationOutcome>;
  caseIdOf(contractId: string): Promise<string>;
}

export async function startEscalationSlice(slug: string): Promise<EscalationSlice> {
  const t = await startTestApp({ env: { ROLE: 'api' } });
  const { tenantId } = await tenantAdmin(t, slug);
  const commands = t.app.get(CommandBus);
  const db = t.app.get(DataSource);
  const today = localDate(new Date(), 'America/Sao_Paulo');
  return {
    t,
    tenantId,
    commands,
    queries: t.app.get(QueryBus),
    db,
    today,
    debt: ({ daysOverdue = 100, ...overrides }) => ({
      source: 'ixc',
      debtId: 'r-1',
      debtorId: 'c-1',
      contractId: 'ct-1',
      dueDate: addDays(today, -daysOverdue),
      amountCents: 10_000,
      openCents: 10_000,
      debtor: { name: 'Maria Souza', document: '11144477735' },
      ...overrides,
    }),
    escalate: (debts) => commands.execute(new EscalateDebtsCommand(tenantId, debts)),
    caseIdOf: async (contractId) => {
      const rows = (await db.query(
        `SELECT id FROM debt_escalation.cases WHERE tenant_id = $1 AND contract_key = $2 ORDER BY opened_at DESC`,
        [tenantId, contractId],
      )) as Array<{ id: string }>;
      if (!rows[0]) throw new Error(`no case for contract ${contractId}`);
      return rows[0].id;
    },
  };
}
