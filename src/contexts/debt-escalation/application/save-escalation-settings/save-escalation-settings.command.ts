import { Command } from '../../../../shared/ddd/command';
import type { EscalationSettings } from '../../domain/escalation-rule';

/** Replaces the tenant's escalation settings (fields left out keep their current value). */
export class SaveEscalationSettingsCommand extends Command<EscalationSettings> {
  constructor(
    tenantId: string,
    readonly change: Partial<EscalationSettings>,
  ) {
    super(tenantId);
  }
}
