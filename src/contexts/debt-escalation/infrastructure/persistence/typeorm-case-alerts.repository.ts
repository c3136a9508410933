import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CaseAlertsRepository, type CaseAlert } from '../../application/ports/case-alerts';

/** Attempts after which an alert is given up (it stays visible in the table). */
const MAX_ATTEMPTS = 10;

@Injectable()
export class TypeormCaseAlertsRepository extends CaseAlertsRepository {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async pending(tenantId: string, limit: number): Promise<CaseAlert[]> {
    const rows = (await this.dataSource.query(
      `SELECT id::text, case_id AS "caseId", summary FROM debt_escalation.alerts
        WHERE tenant_id = $1 AND sent_at IS NULL AND attempts < $3 ORDER BY id LIMIT $2`,
      [tenantId, limit, MAX_ATTEMPTS],
    )) as CaseAlert[];
    return rows;
  }

  async sent(ids: string[]): Promise<void> {
    await this.dataSource.query(
      `UPDATE debt_escalation.alerts SET sent_at = now() WHERE id = ANY($1::bigint[])`,
      [ids],
    );
  }

  async attemptFailed(ids: string[]): Promise<void> {
    await this.dataSource.query(
      `UPDATE debt_escalation.alerts SET attempts = attempts + 1 WHERE id = ANY($1::bigint[])`,
      [ids],
    );
  }
}
