import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  CrmLinksRepository,
  type CrmIntent,
  type CrmOutcome,
} from '../../application/ports/crm-links.repository';

@Injectable()
export class TypeormCrmLinksRepository extends CrmLinksRepository {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async due(tenantId: string, limit: number, asOf: Date): Promise<CrmIntent[]> {
    const rows = (await this.dataSource.query(
      `SELECT id AS "caseId", tenant_id AS "tenantId", crm_attempts AS attempts, debtor_name AS "debtorName",
              debtor_document AS "debtorDocument", open_cents::text AS "openCents", source, debtor_id AS "debtorId",
              NULLIF(contract_key, '') AS "contractId", to_char(oldest_due_date, 'YYYY-MM-DD') AS "oldestDueDate"
         FROM debt_escalation.cases
        WHERE tenant_id = $1 AND crm_status = 'pending' AND crm_next_at <= $3
          AND state IN ('open', 'in_negotiation', 'agreement')
        ORDER BY crm_next_at, id LIMIT $2`,
      [tenantId, limit, asOf],
    )) as Array<CrmIntent & { openCents: string }>;
    return rows.map((r) => ({ ...r, openCents: Number(r.openCents) }));
  }

  async countAttempt(caseId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE debt_escalation.cases SET crm_attempts = crm_attempts + 1, updated_at = now() WHERE id = $1`,
      [caseId],
    );
  }

  async recorded(caseId: string, outcome: CrmOutcome): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await tx.query(
        `UPDATE debt_escalation.cases SET crm_status = $2, crm_person_id = $3, crm_deal_id = $4, crm_error = NULL,
                updated_at = now()
          WHERE id = $1 AND crm_status = 'pending'`,
        [caseId, outcome.status, outcome.personId, outcome.dealId],
      );
      await tx.query(
        `INSERT INTO debt_escalation.case_history (tenant_id, case_id, kind, to_state, actor, note)
         SELECT tenant_id, id, 'crm', state, 'system', $2 FROM debt_escalation.cases WHERE id = $1`,
        [caseId, crmNote(outcome)],
      );
    });
  }

  async failed(caseId: string, error: string, retryAt: Date | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE debt_escalation.cases SET crm_error = $2, updated_at = now(),
              crm_status = CASE WHEN $3::timestamptz IS NULL THEN 'failed' ELSE crm_status END,
              crm_next_at = COALESCE($3::timestamptz, crm_next_at)
        WHERE id = $1`,
      [caseId, error.slice(0, 2000), retryAt],
    );
  }
}

function crmNote(outcome: CrmOutcome): string {
  switch (outcome.status) {
    case 'linked':
      return `Vinculado ao negócio ${outcome.dealId} do CRM`;
    case 'created':
      return `Negócio ${outcome.dealId} criado no CRM`;
    case 'not_found':
      return 'Nenhum negócio aberto encontrado no CRM para o CPF/CNPJ';
    default:
      return 'CRM não configurado';
  }
}
