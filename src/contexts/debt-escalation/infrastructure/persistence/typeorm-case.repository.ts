import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Outbox } from '../../../../platform/messaging/outbox';
import type { IntegrationEvent } from '../../../../shared/ddd/domain-event';
import {
  CaseRepository,
  type CaseUpdateView,
  type ClosedDebtsResult,
  type EscalationResult,
  type OpenedCase,
} from '../../application/ports/case.repository';
import { CollectionCase, isClosed, type CaseState } from '../../domain/collection-case.aggregate';
import { caseKey, type CaseCandidate, type ClosedDebt, type DebtSource } from '../../domain/escalation-rule';
import { CaseNotFoundError } from '../../domain/debt-escalation.errors';
import { closedAtSource, lowerPartlyPaid, rememberClosed } from './closed-debts.sql';

const OPEN_KEY = `(tenant_id, source, debtor_id, contract_key) WHERE state IN ('open', 'in_negotiation', 'agreement')`;

interface CaseRow {
  id: string;
  state: CaseState;
  assignee: string | null;
  open_cents: string;
  recovered_cents: string;
  version: number;
  source: DebtSource;
  debtor_id: string;
  contract_key: string;
  open_debts: number;
}

@Injectable()
export class TypeormCaseRepository extends CaseRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {
    super();
  }

  private within<T>(tx: EntityManager | undefined, work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return tx ? work(tx) : this.dataSource.transaction(work);
  }

  escalate(
    tenantId: string,
    candidates: CaseCandidate[],
    options: {
      thresholdDays: number;
      minAmountCents: number;
      crmEnabled: boolean;
      alert: boolean;
      tx?: EntityManager;
    },
    events: (opened: OpenedCase[], joined: OpenedCase[]) => IntegrationEvent[],
  ): Promise<EscalationResult> {
    // The same order in every transaction: two jobs escalating the same debtors never deadlock.
    const sorted = [...candidates].sort((a, b) => caseKey(a).localeCompare(caseKey(b)));
    return this.within(options.tx, async (tx) => {
      const result: EscalationResult = { opened: [], joined: 0, joinedCases: [], known: 0 };
      for (const candidate of sorted) await this.escalateOne(tx, tenantId, candidate, options, result);
      const written = events(result.opened, result.joinedCases);
      if (written.length > 0) await this.outbox.publish(tx, written);
      return result;
    });
  }

  private async escalateOne(
    tx: EntityManager,
    tenantId: string,
    candidate: CaseCandidate,
    options: { thresholdDays: number; minAmountCents: number; crmEnabled: boolean; alert: boolean },
    result: EscalationResult,
  ): Promise<void> {
    const contractKey = candidate.contractId ?? '';
    const known = (await tx.query(
      `SELECT debt_id FROM debt_escalation.case_debts WHERE tenant_id = $1 AND source = $2 AND debt_id = ANY($3::text[])`,
      [tenantId, candidate.source, candidate.debts.map((d) => d.debtId)],
    )) as Array<{ debt_id: string }>;
    const knownIds = new Set(known.map((r) => r.debt_id));
    for (const id of await closedAtSource(tx, tenantId, candidate.source, candidate.debts)) knownIds.add(id);
    const fresh = candidate.debts.filter((d) => !knownIds.has(d.debtId));
    result.known += candidate.debts.length - fresh.length;
    if (fresh.length === 0) return;
    const freshCents = fresh.reduce((sum, d) => sum + d.openCents, 0);
    if (freshCents < options.minAmountCents) {
      // Below the minimum a new case does not open; debts of a case already open still join it.
      const [open] = (await tx.query(
        `SELECT 1 FROM debt_escalation.cases WHERE tenant_id = $1 AND source = $2 AND debtor_id = $3
            AND contract_key = $4 AND state IN ('open', 'in_negotiation', 'agreement')`,
        [tenantId, candidate.source, candidate.debtorId, contractKey],
      )) as unknown[];
      if (!open) return;
    }
    const oldest = fresh.reduce((min, d) => (d.dueDate < min ? d.dueDate : min), fresh[0]!.dueDate);
    const [row] = (await tx.query(
      `INSERT INTO debt_escalation.cases AS c (tenant_id, source, debtor_id, contract_key, debtor_name, debtor_document,
                                              threshold_days, oldest_due_date, crm_status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT ${OPEN_KEY} DO UPDATE SET
         debtor_name = COALESCE(c.debtor_name, EXCLUDED.debtor_name),
         debtor_document = COALESCE(c.debtor_document, EXCLUDED.debtor_document), updated_at = now()
       RETURNING c.id, (c.xmax = 0) AS inserted`,
      [
        tenantId,
        candidate.source,
        candidate.debtorId,
        contractKey,
        candidate.debtor?.name ?? null,
        candidate.debtor?.document ?? null,
        options.thresholdDays,
        oldest,
        options.crmEnabled ? 'pending' : 'off',
      ],
    )) as Array<{ id: string; inserted: boolean }>;
    const { id: caseId, inserted } = row!;
    const joined = (await tx.query(
      `INSERT INTO debt_escalation.case_debts (tenant_id, source, debt_id, case_id, due_date, amount_cents, open_cents)
       SELECT $1, $2, d.debt_id, $3, d.due_date, d.amount_cents, d.open_cents
         FROM unnest($4::text[], $5::date[], $6::bigint[], $7::bigint[]) AS d(debt_id, due_date, amount_cents, open_cents)
       ON CONFLICT DO NOTHING RETURNING debt_id`,
      [
        tenantId,
        candidate.source,
        caseId,
        fresh.map((d) => d.debtId),
        fresh.map((d) => d.dueDate),
        fresh.map((d) => d.amountCents),
        fresh.map((d) => d.openCents),
      ],
    )) as Array<{ debt_id: string }>;
    await this.refreshAmounts(tx, caseId);
    if (inserted) {
      await this.history(tx, tenantId, caseId, 'opened', null, 'open', 'system', null, null);
      if (options.alert)
        await tx.query(
          `INSERT INTO debt_escalation.alerts (tenant_id, case_id, summary) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
          [
            tenantId,
            caseId,
            JSON.stringify({
              debtor: candidate.debtor?.name ?? `Devedor ${candidate.debtorId}`,
              source: candidate.source,
              contractId: candidate.contractId,
              openCents: fresh.reduce((sum, d) => sum + d.openCents, 0),
              oldestDueDate: oldest,
              thresholdDays: options.thresholdDays,
            }),
          ],
        );
      const joinedIds = new Set(joined.map((j) => j.debt_id));
      const debts = fresh.filter((d) => joinedIds.has(d.debtId));
      result.opened.push({
        caseId,
        candidate: {
          ...candidate,
          debts,
          openCents: debts.reduce((s, d) => s + d.openCents, 0),
          oldestDueDate: oldest,
        },
      });
    } else if (joined.length > 0) {
      result.joined += joined.length;
      const joinedIds = new Set(joined.map((j) => j.debt_id));
      const debts = fresh.filter((d) => joinedIds.has(d.debtId));
      result.joinedCases.push({ caseId, candidate: { ...candidate, debts } });
      await this.history(
        tx,
        tenantId,
        caseId,
        'debt_joined',
        null,
        null,
        'system',
        null,
        `Dívidas incluídas no caso: ${joined.map((j) => j.debt_id).join(', ')}`,
      );
    }
  }

  async closeDebts(
    tenantId: string,
    source: DebtSource,
    debts: ClosedDebt[],
    status: 'paid' | 'cancelled',
    tx: EntityManager | undefined,
    decide: (c: CollectionCase, openDebts: number, view: CaseUpdateView) => IntegrationEvent[],
  ): Promise<ClosedDebtsResult> {
    const whole = debts.filter((d) => d.partialCents === undefined);
    const partial = status === 'paid' ? debts.filter((d) => d.partialCents !== undefined) : [];
    return this.within(tx, async (tx) => {
      const closed = (await tx.query(
        `UPDATE debt_escalation.case_debts SET status = $4, closed_at = now()
          WHERE tenant_id = $1 AND source = $2 AND debt_id = ANY($3::text[]) AND status = 'open'
          RETURNING case_id, open_cents::text AS open_cents`,
        [tenantId, source, whole.map((d) => d.debtId), status],
      )) as [Array<{ case_id: string; open_cents: string }>, number];
      // A partial payment lowers what the debt owes (it closes only once nothing is left): the paid part
      // counts as recovered.
      const lowered = await lowerPartlyPaid(tx, tenantId, source, partial);
      await rememberClosed(tx, tenantId, source, whole, status);
      const byCase = new Map<string, number>();
      for (const r of [...(closed[0] ?? []), ...lowered])
        byCase.set(r.case_id, (byCase.get(r.case_id) ?? 0) + Number(r.open_cents));
      const result: ClosedDebtsResult = { settled: [] };
      for (const [caseId, cents] of [...byCase].sort(([a], [b]) => a.localeCompare(b))) {
        if (status === 'paid')
          await tx.query(
            `UPDATE debt_escalation.cases SET recovered_cents = recovered_cents + $2 WHERE id = $1`,
            [caseId, cents],
          );
        await this.refreshAmounts(tx, caseId);
        await this.apply(tx, tenantId, caseId, (c, view, openDebts) => {
          const before = c.state;
          const events = decide(c, openDebts, view);
          if (before !== c.state && c.state === 'settled')
            result.settled.push({ caseId, recoveredCents: view.recoveredCents });
          return { result: undefined, events };
        });
      }
      return result;
    });
  }

  async pruneClosedDebts(tenantId: string, days: number): Promise<number> {
    const [, count] = (await this.dataSource.query(
      `DELETE FROM debt_escalation.closed_debts
        WHERE tenant_id = $1 AND closed_at < now() - $2 * interval '1 day'`,
      [tenantId, days],
    )) as [unknown, number];
    return count;
  }

  update<T>(
    tenantId: string,
    caseId: string,
    change: (c: CollectionCase, view: CaseUpdateView) => { result: T; events: IntegrationEvent[] },
  ): Promise<T> {
    return this.dataSource.transaction((tx) =>
      this.apply(tx, tenantId, caseId, (c, view) => change(c, view)),
    );
  }

  private async apply<T>(
    tx: EntityManager,
    tenantId: string,
    caseId: string,
    change: (
      c: CollectionCase,
      view: CaseUpdateView,
      openDebts: number,
    ) => { result: T; events: IntegrationEvent[] },
  ): Promise<T> {
    const [row] = (await tx.query(
      `SELECT c.id, c.state, c.assignee, c.open_cents::text AS open_cents, c.recovered_cents::text AS recovered_cents,
              c.version, c.source, c.debtor_id, c.contract_key,
              (SELECT count(*)::int FROM debt_escalation.case_debts d WHERE d.case_id = c.id AND d.status = 'open') AS open_debts
         FROM debt_escalation.cases c WHERE c.tenant_id = $1 AND c.id = $2 FOR UPDATE`,
      [tenantId, caseId],
    )) as CaseRow[];
    if (!row) throw new CaseNotFoundError(caseId);
    const aggregate = CollectionCase.restore({
      id: row.id,
      state: row.state,
      assignee: row.assignee,
      openCents: Number(row.open_cents),
      version: row.version,
    });
    const view: CaseUpdateView = {
      source: row.source,
      debtorId: row.debtor_id,
      contractId: row.contract_key === '' ? null : row.contract_key,
      openCents: Number(row.open_cents),
      recoveredCents: Number(row.recovered_cents),
    };
    const { result, events } = change(aggregate, view, row.open_debts);
    const changes = aggregate.changes();
    if (changes.length === 0) return result;
    await tx.query(
      `UPDATE debt_escalation.cases SET state = $2, assignee = $3, version = version + 1, updated_at = now(),
              closed_at = CASE WHEN $4 THEN COALESCE(closed_at, now()) ELSE NULL END
        WHERE id = $1`,
      [caseId, aggregate.state, aggregate.assignee, isClosed(aggregate.state)],
    );
    for (const c of changes)
      await this.history(tx, tenantId, caseId, c.kind, c.from, c.to, c.by, c.assignee ?? null, c.note, c.at);
    if (events.length > 0) await this.outbox.publish(tx, events);
    return result;
  }

  private async refreshAmounts(tx: EntityManager, caseId: string): Promise<void> {
    await tx.query(
      `UPDATE debt_escalation.cases c SET
         open_cents = COALESCE((SELECT sum(open_cents) FROM debt_escalation.case_debts d
                                 WHERE d.case_id = c.id AND d.status = 'open'), 0),
         oldest_due_date = COALESCE((SELECT min(due_date) FROM debt_escalation.case_debts d
                                      WHERE d.case_id = c.id AND d.status = 'open'), c.oldest_due_date),
         updated_at = now()
        WHERE c.id = $1`,
      [caseId],
    );
  }

  private async history(
    tx: EntityManager,
    tenantId: string,
    caseId: string,
    kind: string,
    from: string | null,
    to: string | null,
    by: string,
    assignee: string | null,
    note: string | null,
    at: Date = new Date(),
  ): Promise<void> {
    await tx.query(
      `INSERT INTO debt_escalation.case_history (tenant_id, case_id, kind, from_state, to_state, assignee, actor, note, at)
       VALUES ($1, $2, $3, $4, COALESCE($5, (SELECT state FROM debt_escalation.cases WHERE id = $2)), $6, $7, $8, $9)`,
      [tenantId, caseId, kind, from, to, assignee, by, note, at],
    );
  }
}
