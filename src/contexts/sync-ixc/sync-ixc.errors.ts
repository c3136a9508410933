import { DomainError } from '../../shared/errors/domain-error';

export class SyncAlreadyRunningError extends DomainError {
  constructor() {
    super(
      'SYNC_IXC.SYNC_IN_PROGRESS',
      'conflict',
      'A sync is already running for this tenant; wait for it to finish',
    );
  }
}

export class SyncRunNotFoundError extends DomainError {
  constructor(id: string) {
    super('SYNC_IXC.RUN_NOT_FOUND', 'not_found', `Sync run ${id} not found`);
  }
}

export class IxcNotConfiguredError extends DomainError {
  constructor(detail: string) {
    super('SYNC_IXC.NOT_CONFIGURED', 'invalid', `IXC is not configured for this tenant: ${detail}`);
  }
}
