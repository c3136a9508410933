import { DomainError } from '../../shared/errors/domain-error';

export class UserAlreadyExistsError extends DomainError {
  constructor(email: string, tenant: string) {
    super(
      'ACCESS.USER_ALREADY_EXISTS',
      'conflict',
      `A user with email ${email} already exists in tenant ${tenant}`,
    );
  }
}

export class InvalidAdminInputError extends DomainError {
  constructor(reason: string) {
    super('ACCESS.INVALID_INPUT', 'invalid', reason);
  }
}
