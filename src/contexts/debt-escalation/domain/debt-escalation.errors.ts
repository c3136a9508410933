import { DomainError } from '../../../shared/errors/domain-error';

export class CaseNotFoundError extends DomainError {
  constructor(caseId: string) {
    super('DEBT_ESCALATION.CASE_NOT_FOUND', 'not_found', `Collection case ${caseId} not found`);
  }
}

export class InvalidTransitionError extends DomainError {
  constructor(from: string, to: string, allowed: readonly string[]) {
    super(
      'DEBT_ESCALATION.INVALID_TRANSITION',
      'conflict',
      `A case in state "${from}" cannot move to "${to}"${allowed.length > 0 ? ` (allowed: ${allowed.join(', ')})` : ' (it is closed)'}`,
      { from, to, allowed },
    );
  }
}

export class CaseClosedError extends DomainError {
  constructor(caseId: string, state: string) {
    super('DEBT_ESCALATION.CASE_CLOSED', 'conflict', `Collection case ${caseId} is closed (${state})`, {
      state,
    });
  }
}

export class InvalidEscalationSettingsError extends DomainError {
  constructor(problems: string[]) {
    super('DEBT_ESCALATION.INVALID_SETTINGS', 'invalid', problems.join('; '), { problems });
  }
}

/** The CRM refused or could not be reached; `retryAfterMs` when it said when to come back (429). */
export class CrmUnavailableError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
    readonly permanent = false,
  ) {
    super('DEBT_ESCALATION.CRM_UNAVAILABLE', 'unavailable', message);
  }
}
