import { DomainError } from '../../shared/errors/domain-error';

export class ClinicApiNotConfiguredError extends DomainError {
  constructor(detail: string) {
    super(
      'DEBTOR_SYNC.NOT_CONFIGURED',
      'invalid',
      `The clinic API is not configured for this tenant: ${detail}`,
    );
  }
}

export class ClinicNotFoundError extends DomainError {
  constructor(what: string) {
    super('DEBTOR_SYNC.CLINIC_NOT_FOUND', 'not_found', `No clinic matches ${what}`);
  }
}

export class AmbiguousClinicError extends DomainError {
  constructor(name: string, matches: Array<{ externalId: string; name: string }>) {
    super(
      'DEBTOR_SYNC.AMBIGUOUS_CLINIC',
      'conflict',
      `${matches.length} clinics match "${name}"; register one by its externalId`,
      { matches },
    );
  }
}

export class CoveredClinicNotFoundError extends DomainError {
  constructor(id: string) {
    super('DEBTOR_SYNC.COVERED_CLINIC_NOT_FOUND', 'not_found', `Covered clinic ${id} not found`);
  }
}

export class ClinicNotCoveredError extends DomainError {
  constructor(id: string, coverage: string) {
    super('DEBTOR_SYNC.NOT_COVERED', 'conflict', `Clinic ${id} is ${coverage}: it is not synced`);
  }
}

export class CoverageEndedError extends DomainError {
  constructor(id: string) {
    super(
      'DEBTOR_SYNC.COVERAGE_ENDED',
      'conflict',
      `The coverage of clinic ${id} has ended; register it again`,
    );
  }
}

export class DebtorSyncInProgressError extends DomainError {
  constructor(clinicId: string) {
    super('DEBTOR_SYNC.SYNC_IN_PROGRESS', 'conflict', `A sync of clinic ${clinicId} is already running`);
  }
}

export class DebtorSyncRunNotFoundError extends DomainError {
  constructor(id: string) {
    super('DEBTOR_SYNC.RUN_NOT_FOUND', 'not_found', `Sync run ${id} not found`);
  }
}

export class DebtorNotFoundError extends DomainError {
  constructor(id: string) {
    super('DEBTOR_SYNC.DEBTOR_NOT_FOUND', 'not_found', `Debtor ${id} not found`);
  }
}

export class ClinicApiUnavailableError extends DomainError {
  constructor(detail: string) {
    super('DEBTOR_SYNC.CLINIC_API_UNAVAILABLE', 'unavailable', `The clinic API could not be read: ${detail}`);
  }
}
