import { classifyIxcResponse, htmlToText, IxcUnexpectedResponseError } from './ixc-errors';
import type { IxcRaw } from '../../domain/ixc-records';
import { isSecretField } from './ixc-secrets';

/** One page as IXC answered it: rows as strings without secrets, `total` when IXC gave a usable one. */
export interface IxcListResult {
  rows: IxcRaw[];
  total: number | null;
}

export interface IxcInsertResult {
  id: string;
  /** IXC's message as text (`<br />` and entities removed). */
  message: string;
}

/** An action's success JSON as sent (`type`, `message` and the action's own fields). */
export type IxcActionResult = Readonly<Record<string, unknown>>;

/** Parses a list answer or throws the IxcError it stands for. */
export function parseListResponse(status: number, body: string): IxcListResult {
  const json = successObject(status, body);
  // IXC sometimes omits `registros` or `total` (integrations.md §1.4).
  const registros = json.registros ?? [];
  // PHP encodes an array with gaps as an object keyed by index; both forms carry the same rows.
  const list = Array.isArray(registros)
    ? registros
    : isObject(registros)
      ? Object.values(registros)
      : undefined;
  if (list === undefined) throw new IxcUnexpectedResponseError(status, '"registros" is not a list');
  return { rows: list.map((row) => toIxcRow(row, status)), total: parseTotal(json.total) };
}

export function parseInsertResponse(status: number, body: string): IxcInsertResult {
  const json = successObject(status, body);
  const id = json.id;
  if ((typeof id !== 'string' && typeof id !== 'number') || String(id).trim() === '') {
    throw new IxcUnexpectedResponseError(status, 'insert answered without an id');
  }
  return { id: String(id).trim(), message: typeof json.message === 'string' ? htmlToText(json.message) : '' };
}

export function parseActionResponse(status: number, body: string): IxcActionResult {
  return successObject(status, body);
}

/** `total` is a number in some answers and a string in others; anything else counts as unknown. */
export function parseTotal(total: unknown): number | null {
  if (typeof total === 'number') return Number.isSafeInteger(total) && total >= 0 ? total : null;
  if (typeof total === 'string' && /^\d+$/.test(total.trim())) return Number(total.trim());
  return null;
}

/**
 * A row as strings, secrets removed. IXC sends strings, but a stray number, boolean or null must not break
 * the typed records built from it.
 */
export function toIxcRow(value: unknown, status = 200): IxcRaw {
  if (!isObject(value)) throw new IxcUnexpectedResponseError(status, 'a row in "registros" is not an object');
  // The common case, a clean all-string row, is the freshly parsed object itself: no copy per row.
  if (isCleanRow(value)) return value;
  const row: IxcRaw = {};
  for (const key in value) {
    if (isSecretField(key)) continue;
    const field = value[key];
    row[key] =
      typeof field === 'string'
        ? field
        : field === null || field === undefined
          ? ''
          : typeof field === 'object'
            ? JSON.stringify(field)
            : String(field);
  }
  return row;
}

function isCleanRow(value: Record<string, unknown>): value is IxcRaw {
  for (const key in value) if (typeof value[key] !== 'string' || isSecretField(key)) return false;
  return true;
}

function successObject(status: number, body: string): Record<string, unknown> {
  const verdict = classifyIxcResponse(status, body);
  if (!verdict.ok) throw verdict.error;
  return verdict.json;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
