import { Command } from '../../../../shared/ddd/command';

/**
 * Emits ReceivableDueSoon once per open, released receivable and due date when it falls due within
 * the next IXC_DUE_SOON_DAYS days (today included, tenant's calendar); answers how many were emitted.
 * A receivable first mirrored when already overdue gets no due-soon notice; a new due date gets one
 * of its own.
 */
export class EmitDueSoonNoticesCommand extends Command<number> {
  constructor(tenantId: string) {
    super(tenantId);
  }
}
