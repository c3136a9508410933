import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Tenants } from '../../../../platform/access/tenants';
import { localDate } from '../../../../shared/time/local-date';
import { caseCandidates, caseKey } from '../../domain/escalation-rule';
import { CaseReadModel } from '../ports/case.read-model';
import { EscalationSettingsRepository } from '../ports/escalation-settings.repository';
import { OVERDUE_DEBT_SOURCES, type OverdueDebtSource } from '../ports/overdue-debt-source';
import { PreviewEscalationQuery, type EscalationPreview } from './preview-escalation.query';

@QueryHandler(PreviewEscalationQuery)
export class PreviewEscalationHandler implements IQueryHandler<PreviewEscalationQuery, EscalationPreview> {
  constructor(
    private readonly settings: EscalationSettingsRepository,
    private readonly cases: CaseReadModel,
    private readonly tenants: Tenants,
    @Inject(OVERDUE_DEBT_SOURCES) private readonly sources: OverdueDebtSource[],
  ) {}

  async execute(query: PreviewEscalationQuery): Promise<EscalationPreview> {
    const tenantId = query.metadata.tenantId;
    const settings = await this.settings.get(tenantId);
    const today = localDate(new Date(), await this.tenants.timeZone(tenantId));
    const preview: EscalationPreview = {
      thresholdDays: settings.thresholdDays,
      minAmountCents: settings.minAmountCents,
      sources: [],
      wouldOpen: [],
      wouldJoin: 0,
      belowMinimum: 0,
    };
    for (const source of this.sources) {
      if (!settings.sources.includes(source.source) || !(await source.available(tenantId))) continue;
      preview.sources.push(source.source);
      for await (const page of source.pages(tenantId, settings.thresholdDays)) {
        const known = await this.cases.knownDebts(
          tenantId,
          source.source,
          page.map((d) => d.debtId),
        );
        const fresh = page.filter((d) => !known.has(d.debtId));
        const groups = caseCandidates(fresh, settings, today);
        const open = await this.cases.openCaseKeys(tenantId, groups.map(caseKey));
        for (const g of groups) {
          if (open.has(caseKey(g))) preview.wouldJoin += g.debts.length;
          else if (g.openCents < settings.minAmountCents) preview.belowMinimum++;
          else if (preview.wouldOpen.length < query.limit)
            preview.wouldOpen.push({
              source: g.source,
              debtorId: g.debtorId,
              contractId: g.contractId,
              debtor: g.debtor,
              debtIds: g.debts.map((d) => d.debtId),
              openCents: g.openCents,
              oldestDueDate: g.oldestDueDate,
              daysOverdue: g.daysOverdue,
            });
        }
      }
    }
    return preview;
  }
}
