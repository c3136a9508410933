import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Tenants } from '../../../../platform/access/tenants';
import { localDate } from '../../../../shared/time/local-date';
import { CaseDebtsJoinedEvent, CaseOpenedEvent } from '../../contracts/case-events';
import { caseCandidates } from '../../domain/escalation-rule';
import { EscalationMetrics } from '../escalation-metrics';
import { CaseRepository } from '../ports/case.repository';
import { Crm } from '../ports/crm';
import { EscalationSettingsRepository } from '../ports/escalation-settings.repository';
import { EscalateDebtsCommand, type EscalationOutcome } from './escalate-debts.command';

/**
 * Groups the qualifying debts into cases and opens or joins them (the repository's upsert on the
 * open-case key makes it safe against two jobs, restarts and replays). A newly opened case gets a CRM
 * intent when the tenant has a CRM, and `debt_escalation.case.opened.v1` in the same transaction.
 */
@CommandHandler(EscalateDebtsCommand)
export class EscalateDebtsHandler implements ICommandHandler<EscalateDebtsCommand, EscalationOutcome> {
  constructor(
    private readonly cases: CaseRepository,
    private readonly settings: EscalationSettingsRepository,
    private readonly crm: Crm,
    private readonly tenants: Tenants,
    private readonly metrics: EscalationMetrics,
  ) {}

  async execute(command: EscalateDebtsCommand): Promise<EscalationOutcome> {
    const tenantId = command.metadata.tenantId;
    const { tx } = command.options;
    const settings = await this.settings.get(tenantId, tx);
    const today = command.options.today ?? localDate(new Date(), await this.tenants.timeZone(tenantId));
    const candidates = caseCandidates(command.debts, settings, today);
    if (candidates.length === 0) return { opened: 0, joined: 0, known: 0 };
    const crmEnabled = (await this.crm.config(tenantId, tx)) !== null;
    const result = await this.cases.escalate(
      tenantId,
      candidates,
      {
        thresholdDays: settings.thresholdDays,
        minAmountCents: settings.minAmountCents,
        crmEnabled,
        alert: settings.alertDiscord,
        tx,
      },
      (opened, joined) => [
        ...opened.map(
          ({ caseId, candidate }) =>
            new CaseOpenedEvent(tenantId, {
              caseId,
              source: candidate.source,
              debtorId: candidate.debtorId,
              contractId: candidate.contractId,
              debts: candidate.debts.map((d) => ({
                debtId: d.debtId,
                dueDate: d.dueDate,
                amountCents: d.amountCents,
                openCents: d.openCents,
              })),
              openCents: candidate.openCents,
              oldestDueDate: candidate.oldestDueDate,
              thresholdDays: settings.thresholdDays,
              debtor: candidate.debtor,
            }),
        ),
        ...joined.map(
          ({ caseId, candidate }) =>
            new CaseDebtsJoinedEvent(tenantId, {
              caseId,
              source: candidate.source,
              debtorId: candidate.debtorId,
              contractId: candidate.contractId,
              debts: candidate.debts.map((d) => ({
                debtId: d.debtId,
                dueDate: d.dueDate,
                amountCents: d.amountCents,
                openCents: d.openCents,
              })),
            }),
        ),
      ],
    );
    this.metrics.cases.inc({ outcome: 'opened' }, result.opened.length);
    this.metrics.cases.inc({ outcome: 'joined' }, result.joined);
    return { opened: result.opened.length, joined: result.joined, known: result.known };
  }
}
