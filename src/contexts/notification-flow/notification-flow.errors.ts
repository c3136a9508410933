import { DomainError } from '../../shared/errors/domain-error';

export class InvalidNotificationSettingsError extends DomainError {
  constructor(problems: string[]) {
    super(
      'NOTIFICATION_FLOW.SETTINGS_INVALID',
      'invalid',
      `Invalid notification settings: ${problems.join('; ')}`,
      {
        problems,
      },
    );
  }
}

export class InvalidFlowError extends DomainError {
  constructor(problems: string[]) {
    super('NOTIFICATION_FLOW.FLOW_INVALID', 'invalid', `Invalid flow: ${problems.join('; ')}`, { problems });
  }
}

export class FlowNotFoundError extends DomainError {
  constructor(id: string) {
    super('NOTIFICATION_FLOW.FLOW_NOT_FOUND', 'not_found', `Flow ${id} not found`);
  }
}

export class FlowNameTakenError extends DomainError {
  constructor(name: string) {
    super('NOTIFICATION_FLOW.FLOW_NAME_TAKEN', 'conflict', `A flow named "${name}" already exists`);
  }
}

export class DebtorNotFoundError extends DomainError {
  constructor(id: string) {
    super('NOTIFICATION_FLOW.DEBTOR_NOT_FOUND', 'not_found', `Debtor ${id} not found`);
  }
}

export class ScheduleNotFoundError extends DomainError {
  constructor(id: string) {
    super('NOTIFICATION_FLOW.SCHEDULE_NOT_FOUND', 'not_found', `Schedule ${id} not found`);
  }
}

export class ScheduleNotUnknownError extends DomainError {
  constructor(id: string, status: string) {
    super(
      'NOTIFICATION_FLOW.SCHEDULE_NOT_UNKNOWN',
      'conflict',
      `Schedule ${id} is ${status}: only a schedule whose outcome is unknown can be resolved`,
      { scheduleStatus: status },
    );
  }
}

export class InvalidSnoozeError extends DomainError {
  constructor(reason: string) {
    super('NOTIFICATION_FLOW.SNOOZE_INVALID', 'invalid', reason);
  }
}

export class InvalidStatsRangeError extends DomainError {
  constructor(reason: string) {
    super('NOTIFICATION_FLOW.STATS_RANGE_INVALID', 'invalid', reason);
  }
}
