import { Command } from '../../../../shared/ddd/command';

/**
 * Emits ReceivableOverdue once per open, released receivable past its due date (tenant's calendar);
 * answers how many were emitted.
 */
export class EmitOverdueNoticesCommand extends Command<number> {
  constructor(tenantId: string) {
    super(tenantId);
  }
}
