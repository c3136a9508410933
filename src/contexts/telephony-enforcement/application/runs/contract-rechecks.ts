import { Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { DomainError } from '../../../../shared/errors/domain-error';
import { EnforcementState } from '../enforcement-state';
import { StartEnforcementRunCommand } from '../start-enforcement-run/start-enforcement-run.command';

const MAX_CONTRACTS_PER_RUN = 500;

/**
 * Drains the contract recheck queue: per tenant, one scoped run over the queued contracts. Rows are
 * removed only once the run's plan is saved; a busy tenant (a run already planning) keeps them for the
 * next tick. A paused tenant keeps them until it resumes.
 */
@Injectable()
export class ContractRechecks {
  private readonly logger = new Logger('Enforcement');

  constructor(
    private readonly dataSource: DataSource,
    private readonly commands: CommandBus,
    private readonly state: EnforcementState,
  ) {}

  async drain(): Promise<number> {
    const tenants = (await this.dataSource.query(
      `SELECT DISTINCT tenant_id FROM telephony_enforcement.contract_rechecks`,
    )) as Array<{ tenant_id: string }>;
    let runs = 0;
    for (const { tenant_id: tenantId } of tenants) {
      if ((await this.state.writesAllowed(tenantId)) !== 'yes') continue;
      const rows = (await this.dataSource.query(
        `SELECT contract_id, version::text AS version FROM telephony_enforcement.contract_rechecks
          WHERE tenant_id = $1 ORDER BY requested_at, version LIMIT $2`,
        [tenantId, MAX_CONTRACTS_PER_RUN],
      )) as Array<{ contract_id: string; version: string }>;
      try {
        await this.commands.execute(
          new StartEnforcementRunCommand(
            tenantId,
            { trigger: 'event', dryRun: false, contractIds: rows.map((r) => r.contract_id) },
            true,
          ),
        );
        runs += 1;
      } catch (error) {
        if (error instanceof DomainError) {
          this.logger.debug({ tenantId, code: error.code }, 'Contract recheck postponed');
          continue;
        }
        throw error;
      }
      // Only what was read, by row version (a timestamp read into JS loses its microseconds and would never
      // match again): a change queued meanwhile has a newer version and stays for the next run.
      await this.dataSource.query(
        `DELETE FROM telephony_enforcement.contract_rechecks r
          USING unnest($2::text[], $3::bigint[]) AS done(contract_id, version)
          WHERE r.tenant_id = $1 AND r.contract_id = done.contract_id AND r.version = done.version`,
        [tenantId, rows.map((r) => r.contract_id), rows.map((r) => r.version)],
      );
    }
    return runs;
  }
}
