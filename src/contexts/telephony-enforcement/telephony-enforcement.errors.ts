import { DomainError } from '../../shared/errors/domain-error';

export class EnforcementRunNotFoundError extends DomainError {
  constructor(id: string) {
    super('TELEPHONY_ENFORCEMENT.RUN_NOT_FOUND', 'not_found', `Enforcement run ${id} not found`);
  }
}

export class EnforcementRunInProgressError extends DomainError {
  constructor(runId: string) {
    super(
      'TELEPHONY_ENFORCEMENT.RUN_IN_PROGRESS',
      'conflict',
      `Enforcement run ${runId} is still planning for this tenant; wait for it to finish`,
      { runId },
    );
  }
}

export class EnforcementPausedError extends DomainError {
  constructor(reason: 'paused' | 'kill_switch') {
    super(
      'TELEPHONY_ENFORCEMENT.PAUSED',
      'conflict',
      reason === 'kill_switch'
        ? 'Enforcement is switched off for every tenant (ENFORCEMENT_KILL_SWITCH); only dry runs are possible'
        : 'Enforcement is paused for this tenant (POST /api/v1/enforcement/resume); only dry runs are possible',
      { reason },
    );
  }
}

export class MagnusNotConfiguredError extends DomainError {
  constructor(detail: string) {
    super(
      'TELEPHONY_ENFORCEMENT.MAGNUS_NOT_CONFIGURED',
      'invalid',
      `MagnusBilling is not configured for this tenant: ${detail}`,
    );
  }
}

export class InvalidEnforcementSettingsError extends DomainError {
  constructor(problems: string[]) {
    super('TELEPHONY_ENFORCEMENT.INVALID_SETTINGS', 'invalid', problems.join('; '), { problems });
  }
}
