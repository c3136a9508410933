import { Command } from '../../../../shared/ddd/command';

export interface OverdueAutomationOutcome {
  fired: number;
  ticketsCreated: number;
  ticketsPending: number;
  ticketsFailed: number;
}

/** Fires the N-days-overdue rule for every pending candidate, then creates the tickets of pending intents. */
export class RunOverdueAutomationCommand extends Command<OverdueAutomationOutcome> {
  constructor(tenantId: string) {
    super(tenantId);
  }
}
