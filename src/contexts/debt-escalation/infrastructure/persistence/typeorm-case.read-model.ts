import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  CaseReadModel,
  type CaseDetail,
  type CaseFilter,
  type CaseStats,
  type CaseSummary,
} from '../../application/ports/case.read-model';
import { CASE_STATES, type CaseState } from '../../domain/collection-case.aggregate';

const SUMMARY_COLUMNS = `c.id, c.source, c.debtor_id AS "debtorId", NULLIF(c.contract_key, '') AS "contractId",
  c.debtor_name AS "debtorName", c.debtor_document AS "debtorDocument", c.state, c.assignee,
  c.open_cents::text AS "openCents", c.recovered_cents::text AS "recoveredCents",
  to_char(c.oldest_due_date, 'YYYY-MM-DD') AS "oldestDueDate", c.threshold_days AS "thresholdDays",
  c.crm_status AS "crmStatus", c.crm_person_id AS "crmPersonId", c.crm_deal_id AS "crmDealId",
  c.crm_attempts AS "crmAttempts", c.crm_error AS "crmError", c.opened_at AS "openedAt",
  c.closed_at AS "closedAt", c.updated_at AS "updatedAt"`;

interface SummaryRow {
  id: string;
  source: string;
  debtorId: string;
  contractId: string | null;
  debtorName: string | null;
  debtorDocument: string | null;
  state: CaseState;
  assignee: string | null;
  openCents: string;
  recoveredCents: string;
  oldestDueDate: string;
  thresholdDays: number;
  crmStatus: string;
  crmPersonId: string | null;
  crmDealId: string | null;
  crmAttempts: number;
  crmError: string | null;
  openedAt: Date;
  closedAt: Date | null;
  updatedAt: Date;
}

function summary(r: SummaryRow): CaseSummary {
  return {
    id: r.id,
    source: r.source,
    debtorId: r.debtorId,
    contractId: r.contractId,
    debtor: { name: r.debtorName, document: r.debtorDocument },
    state: r.state,
    assignee: r.assignee,
    openCents: Number(r.openCents),
    recoveredCents: Number(r.recoveredCents),
    oldestDueDate: r.oldestDueDate,
    thresholdDays: r.thresholdDays,
    crm: {
      status: r.crmStatus,
      personId: r.crmPersonId,
      dealId: r.crmDealId,
      attempts: r.crmAttempts,
      error: r.crmError,
    },
    openedAt: r.openedAt.toISOString(),
    closedAt: r.closedAt ? r.closedAt.toISOString() : null,
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** LIKE pattern of a free-text search: its wildcards escaped. */
function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

@Injectable()
export class TypeormCaseReadModel extends CaseReadModel {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async list(tenantId: string, filter: CaseFilter): Promise<{ items: CaseSummary[]; total: number }> {
    const params: unknown[] = [tenantId];
    const where = ['c.tenant_id = $1'];
    if (filter.state) where.push(`c.state = $${params.push(filter.state)}`);
    if (filter.q) {
      const digits = filter.q.replace(/\D/g, '');
      const like = `$${params.push(likePattern(filter.q))}`;
      const byDigits =
        digits.length >= 3
          ? ` OR regexp_replace(c.debtor_document, '\\D', '', 'g') LIKE $${params.push(`%${digits}%`)}`
          : '';
      where.push(
        `(c.debtor_name ILIKE ${like} OR c.debtor_id ILIKE ${like} OR c.contract_key ILIKE ${like}${byDigits})`,
      );
    }
    const [{ total }] = (await this.dataSource.query(
      `SELECT count(*)::int AS total FROM debt_escalation.cases c WHERE ${where.join(' AND ')}`,
      params,
    )) as [{ total: number }];
    const rows = (await this.dataSource.query(
      `SELECT ${SUMMARY_COLUMNS} FROM debt_escalation.cases c WHERE ${where.join(' AND ')}
        ORDER BY c.opened_at DESC, c.id LIMIT $${params.push(filter.limit)} OFFSET $${params.push(filter.offset)}`,
      params,
    )) as SummaryRow[];
    return { items: rows.map(summary), total };
  }

  async get(tenantId: string, caseId: string): Promise<CaseDetail | null> {
    const [row] = (await this.dataSource.query(
      `SELECT ${SUMMARY_COLUMNS} FROM debt_escalation.cases c WHERE c.tenant_id = $1 AND c.id = $2`,
      [tenantId, caseId],
    )) as SummaryRow[];
    if (!row) return null;
    const debts = (await this.dataSource.query(
      `SELECT debt_id AS "debtId", to_char(due_date, 'YYYY-MM-DD') AS "dueDate", amount_cents::text AS "amountCents",
              open_cents::text AS "openCents", status, joined_at AS "joinedAt"
         FROM debt_escalation.case_debts WHERE case_id = $1 ORDER BY due_date, debt_id`,
      [caseId],
    )) as Array<{
      debtId: string;
      dueDate: string;
      amountCents: string;
      openCents: string;
      status: string;
      joinedAt: Date;
    }>;
    const history = (await this.dataSource.query(
      `SELECT kind, from_state AS "from", to_state AS "to", assignee, actor AS "by", note, at
         FROM debt_escalation.case_history WHERE case_id = $1 ORDER BY id`,
      [caseId],
    )) as Array<{
      kind: string;
      from: string | null;
      to: string;
      assignee: string | null;
      by: string;
      note: string | null;
      at: Date;
    }>;
    return {
      ...summary(row),
      debts: debts.map((d) => ({
        ...d,
        amountCents: Number(d.amountCents),
        openCents: Number(d.openCents),
        joinedAt: d.joinedAt.toISOString(),
      })),
      history: history.map((h) => ({ ...h, at: h.at.toISOString() })),
    };
  }

  async stats(tenantId: string): Promise<CaseStats> {
    const rows = (await this.dataSource.query(
      `SELECT state, count(*)::int AS n, sum(open_cents)::text AS open, sum(recovered_cents)::text AS recovered
         FROM debt_escalation.cases WHERE tenant_id = $1 GROUP BY state`,
      [tenantId],
    )) as Array<{ state: CaseState; n: number; open: string; recovered: string }>;
    const crm = (await this.dataSource.query(
      `SELECT crm_status AS status, count(*)::int AS n FROM debt_escalation.cases WHERE tenant_id = $1 GROUP BY crm_status`,
      [tenantId],
    )) as Array<{ status: string; n: number }>;
    const byState = Object.fromEntries(CASE_STATES.map((s) => [s, 0])) as Record<CaseState, number>;
    let inCollectionCents = 0;
    let recoveredCents = 0;
    for (const r of rows) {
      byState[r.state] = r.n;
      if (['open', 'in_negotiation', 'agreement'].includes(r.state)) inCollectionCents += Number(r.open);
      recoveredCents += Number(r.recovered);
    }
    return {
      byState,
      inCollectionCents,
      recoveredCents,
      crm: Object.fromEntries(crm.map((c) => [c.status, c.n])),
    };
  }

  async knownDebts(tenantId: string, source: string, debtIds: string[]): Promise<Set<string>> {
    const rows = (await this.dataSource.query(
      `SELECT debt_id FROM debt_escalation.case_debts WHERE tenant_id = $1 AND source = $2 AND debt_id = ANY($3::text[])`,
      [tenantId, source, debtIds],
    )) as Array<{ debt_id: string }>;
    return new Set(rows.map((r) => r.debt_id));
  }

  async openCaseKeys(tenantId: string, keys: string[]): Promise<Set<string>> {
    const rows = (await this.dataSource.query(
      `SELECT source || '|' || debtor_id || '|' || contract_key AS key FROM debt_escalation.cases
        WHERE tenant_id = $1 AND state IN ('open', 'in_negotiation', 'agreement')
          AND source || '|' || debtor_id || '|' || contract_key = ANY($2::text[])`,
      [tenantId, keys],
    )) as Array<{ key: string }>;
    return new Set(rows.map((r) => r.key));
  }
}
