/** pt-BR formatting: money arrives in integer cents, instants are shown in the tenant's time zone. */

export const DEFAULT_TIME_ZONE = 'America/Sao_Paulo';

const BRL = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' });
const INTEGER = new Intl.NumberFormat('pt-BR');

export function brl(cents: number | null | undefined): string {
  return typeof cents === 'number' && Number.isFinite(cents) ? BRL.format(cents / 100) : '—';
}

export function count(value: number | null | undefined): string {
  return typeof value === 'number' && Number.isFinite(value) ? INTEGER.format(value) : '—';
}

/** `2025-01-10` (a calendar day, already local) → `10/01/2025`. */
export function day(value: string | null | undefined): string {
  if (!value) return '—';
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : value;
}

/** An instant → `10/01/2025 14:03` in the tenant's zone. */
export function dateTime(value: string | Date | null | undefined, timeZone = DEFAULT_TIME_ZONE): string {
  if (!value) return '—';
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return '—';
  return new Intl.DateTimeFormat('pt-BR', {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
}

/** Today's calendar day in a zone, `YYYY-MM-DD`. */
export function todayIn(timeZone = DEFAULT_TIME_ZONE, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone }).format(now);
}

export function duration(ms: number | null | undefined): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${ms} ms`;
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}
