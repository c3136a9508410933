import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Tenants } from '../../../../platform/access/tenants';
import { localDate } from '../../../../shared/time/local-date';
import { actionsOf, DEFAULT_AUTOMATION_SETTINGS } from '../../domain/overdue-automation';
import { AutomationSettingsRepository } from '../ports/automation-settings.repository';
import { OverdueAutomationRepository } from '../ports/overdue-automation.repository';
import { DryRunOverdueAutomationQuery, type DryRunResult } from './dry-run-overdue-automation.query';

@QueryHandler(DryRunOverdueAutomationQuery)
export class DryRunOverdueAutomationHandler implements IQueryHandler<
  DryRunOverdueAutomationQuery,
  DryRunResult
> {
  constructor(
    private readonly settings: AutomationSettingsRepository,
    private readonly automation: OverdueAutomationRepository,
    private readonly tenants: Tenants,
  ) {}

  async execute(query: DryRunOverdueAutomationQuery): Promise<DryRunResult> {
    const tenantId = query.metadata.tenantId;
    const settings = (await this.settings.find(tenantId)) ?? DEFAULT_AUTOMATION_SETTINGS;
    const today = localDate(new Date(), await this.tenants.timeZone(tenantId));
    const items = settings.enabled
      ? await this.automation.candidates(tenantId, settings.thresholdDays, today, {
          receivableIds: query.receivableIds,
        })
      : [];
    return {
      thresholdDays: settings.thresholdDays,
      enabled: settings.enabled,
      actions: actionsOf(settings),
      items,
      total: items.length,
    };
  }
}
