/**
 * One contact of a billing campaign as the ERP sends it (seed 003's `ContactDataSerializer`: Portuguese
 * field names, money often pre-formatted as `"R$ 150,00"`), validated and normalised: an E.164 phone, a
 * real calendar date, integer cents. Pure: the caller gets either the contact or every problem of the row.
 */

export const BILLING_TYPES = ['overdue', 'upcoming', 'notification'] as const;
export type BillingType = (typeof BILLING_TYPES)[number];

/** The most contacts one request may carry (the seed allowed 1,000). */
export const MAX_CONTACTS_PER_REQUEST = 10_000;

const MAX_TEXT = 500;
const MAX_MESSAGE = 2000;
const MAX_LINK = 2000;
/** R$ 1 billion: above it a value is a typo, not a bill. */
const MAX_CENTS = 100_000_000_000;

export interface BillingContact {
  nome: string;
  /** E.164, `+` and 10–15 digits */
  telefone: string;
  valorCents: number | null;
  valorTotalCents: number | null;
  /** `YYYY-MM-DD` */
  dataVencimento: string | null;
  codigoPix: string | null;
  linkPagamento: string | null;
  titulo: string | null;
  mensagem: string | null;
  observacoes: string | null;
}

export interface ContactProblem {
  /** 0-based position in `contacts` */
  index: number;
  field: string;
  message: string;
}

export type ContactParse = { ok: true; contact: BillingContact } | { ok: false; problems: ContactProblem[] };

const REQUIRED: Record<BillingType, readonly string[]> = {
  overdue: ['nome', 'telefone', 'valor', 'data_vencimento'],
  upcoming: ['nome', 'telefone', 'valor', 'data_vencimento'],
  notification: ['nome', 'telefone', 'titulo', 'mensagem'],
};

export const KNOWN_FIELDS = [
  'nome',
  'telefone',
  'valor',
  'valor_total',
  'data_vencimento',
  'codigo_pix',
  'link_pagamento',
  'titulo',
  'mensagem',
  'observacoes',
  'metadata',
] as const;

const present = (v: unknown) => v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '');

/**
 * A phone as E.164: `+5511999999999`, `5511999999999`, `(11) 99999-9999` and `11999999999` (Brazilian
 * national forms get `+55`). Null when it cannot be one.
 */
export function normalizePhone(raw: string): string | null {
  const trimmed = raw.trim();
  if (!/^\+?[\d\s().-]+$/.test(trimmed)) return null;
  const digits = trimmed.replace(/\D/g, '');
  if (trimmed.startsWith('+')) return /^[1-9]\d{9,14}$/.test(digits) ? `+${digits}` : null;
  const national = digits.replace(/^0+/, '');
  // Brazilian national numbers: DDD (2 digits, 11–99) + 8 or 9 digits
  if (/^[1-9][1-9]\d{8,9}$/.test(national)) return `+55${national}`;
  if (/^55[1-9][1-9]\d{8,9}$/.test(national)) return `+${national}`;
  return null;
}

/**
 * Money to cents: numbers in reais (`150`, `150.5`), `"150.00"`, `"150,00"`, `"1.234,56"`, `"R$ 1.234,56"`,
 * `"1,234.56"`. Null when it is not an amount of at most two decimals between 0 and R$ 1 billion.
 */
export function parseMoney(raw: unknown): number | null {
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw) || raw < 0) return null;
    const cents = Math.round(raw * 100);
    return Math.abs(cents - raw * 100) < 1e-6 && cents <= MAX_CENTS ? cents : null;
  }
  if (typeof raw !== 'string') return null;
  let s = raw
    .replace(/\u00a0/g, ' ')
    .trim()
    .replace(/^R\$\s*/i, '')
    .replace(/\s/g, '');
  if (!/^\d[\d.,]*$/.test(s) || s.length > 20) return null;
  const lastComma = s.lastIndexOf(',');
  const lastDot = s.lastIndexOf('.');
  const decimalAt = Math.max(lastComma, lastDot);
  let intPart = s;
  let fraction = '';
  if (
    decimalAt >= 0 &&
    s.length - decimalAt - 1 <= 2 &&
    !(lastDot > lastComma && /^\d{1,3}(\.\d{3})+$/.test(s))
  ) {
    intPart = s.slice(0, decimalAt);
    fraction = s.slice(decimalAt + 1);
  }
  // what is left of the integer part may only hold thousands separators of one kind, in groups of three
  if (/[.,]/.test(intPart)) {
    if (!/^\d{1,3}([.,]\d{3})+$/.test(intPart) || (intPart.includes('.') && intPart.includes(',')))
      return null;
    intPart = intPart.replace(/[.,]/g, '');
  }
  if (!/^\d+$/.test(intPart) || !/^\d{0,2}$/.test(fraction)) return null;
  s = `${intPart}${fraction.padEnd(2, '0')}`;
  const cents = Number(s);
  return Number.isSafeInteger(cents) && cents <= MAX_CENTS ? cents : null;
}

/** `YYYY-MM-DD` (an ISO date-time keeps its date part) or `DD/MM/YYYY`, as a real calendar date. */
export function parseDate(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const s = raw.trim();
  let y: string, m: string, d: string;
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(s);
  const br = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(s);
  if (iso) [, y, m, d] = iso as unknown as [string, string, string, string];
  else if (br) [, d, m, y] = br as unknown as [string, string, string, string];
  else return null;
  const date = `${y}-${m}-${d}`;
  const parsed = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) return null;
  const year = Number(y);
  return year >= 1900 && year <= 2200 ? date : null;
}

function text(
  row: Record<string, unknown>,
  field: string,
  max: number,
  problems: Array<[string, string]>,
): string | null {
  const value = row[field];
  if (!present(value)) return null;
  if (typeof value !== 'string') {
    problems.push([field, 'deve ser texto']);
    return null;
  }
  if (value.length > max) {
    problems.push([field, `no máximo ${max} caracteres`]);
    return null;
  }
  return value.trim();
}

/** Validates one row of `contacts` for a campaign of `type`. */
export function parseContact(raw: unknown, index: number, type: BillingType): ContactParse {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, problems: [{ index, field: '', message: 'cada contato deve ser um objeto' }] };
  }
  const row = raw as Record<string, unknown>;
  const problems: Array<[string, string]> = [];
  for (const field of Object.keys(row)) {
    if (!(KNOWN_FIELDS as readonly string[]).includes(field)) problems.push([field, 'campo desconhecido']);
  }
  for (const field of REQUIRED[type]) {
    if (!present(row[field])) problems.push([field, `obrigatório para '${type}'`]);
  }
  const nome = text(row, 'nome', MAX_TEXT, problems);
  const telefoneRaw = text(row, 'telefone', 40, problems);
  const telefone = telefoneRaw === null ? null : normalizePhone(telefoneRaw);
  if (telefoneRaw !== null && telefone === null)
    problems.push(['telefone', 'telefone inválido (use E.164, ex.: +5511999999999)']);
  const money = (field: string): number | null => {
    if (!present(row[field])) return null;
    const cents = parseMoney(row[field]);
    if (cents === null) problems.push([field, 'valor inválido (ex.: "R$ 150,00" ou 150.00)']);
    return cents;
  };
  const valorCents = money('valor');
  const valorTotalCents = money('valor_total');
  let dataVencimento: string | null = null;
  if (present(row.data_vencimento)) {
    dataVencimento = parseDate(row.data_vencimento);
    if (dataVencimento === null) problems.push(['data_vencimento', 'data inválida (use AAAA-MM-DD)']);
  }
  const linkPagamento = text(row, 'link_pagamento', MAX_LINK, problems);
  if (linkPagamento !== null && !/^https?:\/\/[^\s]+$/i.test(linkPagamento))
    problems.push(['link_pagamento', 'deve ser uma URL http(s)']);
  const contact: BillingContact = {
    nome: nome ?? '',
    telefone: telefone ?? '',
    valorCents,
    valorTotalCents,
    dataVencimento,
    codigoPix: text(row, 'codigo_pix', MAX_MESSAGE, problems),
    linkPagamento,
    titulo: text(row, 'titulo', MAX_TEXT, problems),
    mensagem: text(row, 'mensagem', MAX_MESSAGE, problems),
    observacoes: text(row, 'observacoes', MAX_MESSAGE, problems),
  };
  if (present(row.metadata) && (typeof row.metadata !== 'object' || Array.isArray(row.metadata)))
    problems.push(['metadata', 'deve ser um objeto']);
  if (problems.length > 0) {
    const unique = [
      ...new Map(problems.map(([f, m]) => [`${f}\u0000${m}`, { index, field: f, message: m }])).values(),
    ];
    return { ok: false, problems: unique };
  }
  return { ok: true, contact };
}
