import { Command } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';

export interface ApplyRequest {
  tenantId: string;
  actionId: string;
  dryRun: boolean;
  /** the last delivery the messaging backbone will make: a transient failure is final now */
  lastAttempt: boolean;
}

/**
 * Applies planned actions to Magnus and settles them in `tx` (the apply consumer's transaction). One
 * delivered batch may hold several tenants' actions, so the command carries none itself.
 */
export class ApplyActionsCommand extends Command<void> {
  constructor(
    readonly requests: ApplyRequest[],
    readonly tx: EntityManager,
  ) {
    super();
  }
}
