import { Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseAlertsRepository, CollectionsNotifier } from '../ports/case-alerts';
import { SendCaseAlertsCommand } from './send-case-alerts.command';

const BATCH = 10;
const BATCHES_PER_RUN = 5;

/**
 * Batches of up to ten new cases per message. A batch that fails stays pending (its attempts counted) and
 * goes again on the next run; a tenant with nowhere to send has its alerts dropped, not piled up.
 */
@CommandHandler(SendCaseAlertsCommand)
export class SendCaseAlertsHandler implements ICommandHandler<
  SendCaseAlertsCommand,
  { sent: number; failed: number }
> {
  private readonly logger = new Logger('CaseAlerts');

  constructor(
    private readonly alerts: CaseAlertsRepository,
    private readonly notifier: CollectionsNotifier,
  ) {}

  async execute(command: SendCaseAlertsCommand): Promise<{ sent: number; failed: number }> {
    const tenantId = command.metadata.tenantId;
    let sent = 0;
    const configured = await this.notifier.configured(tenantId);
    for (let i = 0; i < BATCHES_PER_RUN; i++) {
      const batch = await this.alerts.pending(tenantId, BATCH);
      if (batch.length === 0) break;
      if (!configured) {
        await this.alerts.sent(batch.map((a) => a.id));
        continue;
      }
      try {
        await this.notifier.notify(tenantId, batch);
        await this.alerts.sent(batch.map((a) => a.id));
        sent += batch.length;
      } catch (error) {
        await this.alerts.attemptFailed(batch.map((a) => a.id));
        this.logger.warn({ err: error, tenantId }, 'Collections alert not delivered; will retry');
        return { sent, failed: batch.length };
      }
    }
    return { sent, failed: 0 };
  }
}
