/**
 * The helpers templates may call, as plain functions (registered in the engine's own Handlebars
 * environment). They never throw on odd input: a message with an empty spot beats a message not sent.
 */

/** Helper name → how many arguments it takes. */
export const HELPER_ARITY = { brl: 1, date: 1, firstName: 1, plural: 3 } as const;
export type HelperName = keyof typeof HELPER_ARITY;

const toCents = (value: unknown): number | null => {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? Math.round(n) : null;
};

/** Cents → `R$ 1.234,56` (a plain space after `R$`, unlike Intl's no-break space, which is not GSM-7). */
export function brl(value: unknown): string {
  const cents = toCents(value);
  if (cents === null) return '';
  const abs = Math.abs(cents);
  const reais = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const centavos = String(abs % 100).padStart(2, '0');
  return `${cents < 0 ? '-' : ''}R$ ${reais},${centavos}`;
}

/** `yyyy-mm-dd` (or a Date, read in UTC) → `dd/mm/yyyy`; anything else is shown as given. */
export function date(value: unknown): string {
  if (value instanceof Date && !Number.isNaN(value.getTime())) {
    return date(value.toISOString().slice(0, 10));
  }
  if (typeof value !== 'string') return value === null || value === undefined ? '' : String(value);
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : value;
}

const capitalise = (word: string): string =>
  word
    .toLocaleLowerCase('pt-BR')
    .replace(
      /(^|[-'’])(\p{L})/gu,
      (_m, sep: string, letter: string) => sep + letter.toLocaleUpperCase('pt-BR'),
    );

/** `MARIA DA SILVA` → `Maria`; `ana-luísa souza` → `Ana-Luísa`. */
export function firstName(value: unknown): string {
  if (typeof value !== 'string') return '';
  const first = value.trim().split(/\s+/)[0] ?? '';
  return capitalise(first);
}

/** pt-BR number agreement: 1 and -1 take the singular, everything else (0 included) the plural. */
export function plural(n: unknown, singular: unknown, pluralForm: unknown): string {
  const count = typeof n === 'string' ? Number(n) : n;
  return String(Math.abs(Number(count)) === 1 ? singular : pluralForm);
}
