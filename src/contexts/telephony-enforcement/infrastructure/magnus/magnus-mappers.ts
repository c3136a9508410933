import { MagnusUnexpectedResponseError } from './magnus-errors';
import type { MagnusRow, MagnusUser } from './magnus-records';
import { withoutSecrets } from './magnus-secrets';

/**
 * A `pkg_user` row → {@link MagnusUser}. Magnus sends numbers as JSON numbers after a save and as strings
 * from a read (PDO), so both are accepted. A row without a usable id is refused: it could not be acted on
 * safely, and skipping it would hide a user from the reconcile run.
 */
export function toMagnusUser(row: MagnusRow, contractField: string): MagnusUser {
  const raw = withoutSecrets(row);
  const id = integerOrNull(raw.id);
  if (id === null || id <= 0) throw new MagnusUnexpectedResponseError(200, 'a user row has no valid id');
  const name = [text(raw.firstname), text(raw.lastname)].filter((part) => part !== '').join(' ');
  const contractRef = text(raw[contractField]);
  return {
    id,
    username: text(raw.username),
    active: integerOrNull(raw.active),
    contractRef: contractRef === '' ? null : contractRef,
    company: text(raw.company_name) || name,
    name,
    doc: text(raw.doc),
  };
}

/** A trimmed string for strings and numbers; anything else (null, objects) is empty. */
export function text(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '';
}

/** `1` and `"1"` → 1; `""`, null, `"abc"` and `1.5` → null: a value we cannot read is unknown, not zero. */
export function integerOrNull(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : null;
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  if (!/^-?\d{1,15}$/.test(trimmed)) return null;
  return Number(trimmed);
}
