import { isEmail } from 'class-validator';
import { InvalidAdminInputError } from '../access.errors';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;
export const TENANT_SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** E-mails are stored lowercase; logins compare them that way. */
export function normalizeEmail(email: string): string {
  const normalized = email.trim().toLowerCase();
  if (!isEmail(normalized)) throw new InvalidAdminInputError(`"${email}" is not a valid email address`);
  return normalized;
}

export function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new InvalidAdminInputError(`The password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new InvalidAdminInputError(`The password must have at most ${MAX_PASSWORD_LENGTH} characters`);
  }
}
