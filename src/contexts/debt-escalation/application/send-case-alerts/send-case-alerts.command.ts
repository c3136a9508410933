import { Command } from '../../../../shared/ddd/command';

/** Tells the collections team about newly opened cases, ten per message. */
export class SendCaseAlertsCommand extends Command<{ sent: number; failed: number }> {
  constructor(tenantId: string) {
    super(tenantId);
  }
}
