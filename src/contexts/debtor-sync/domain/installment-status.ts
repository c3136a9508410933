/** What Régua makes of an installment's `nomeStatusFinanceiro` (docs/integrations/clinic-api.md §2.4). */
export type InstallmentStatus = 'open' | 'paid' | 'cancelled';

const fold = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();

const PAID = new Set([
  'compensado',
  'caixa clinica',
  'negociacao concluida',
  'repassado',
  'antecipado',
  'estorno concluido',
]);
const NOT_PAID = new Set([
  'nao compensado',
  'estorno solicitado',
  'custodia interna',
  'status inicial',
  'devolver ao paciente',
  'enviado ao financeiro',
]);
const GATEWAY = /\b(banco|pagseguro|cora|cielo|stone|rede|sicredi|unicred)\b/;
/** Renegotiated into a new contract version, or written off: nobody should chase it (Régua's choice). */
const CANCELLED = new Set(['renegociado', 'cancelado', 'baixado', 'perdoado']);

/**
 * The seed's classifier: a known paid status, or a bank/gateway name unless a known not-paid one; a paid
 * status on a future due date is not trusted (still open). Anything unknown is open.
 */
export function classifyInstallment(rawStatus: string, dueDate: string, today: string): InstallmentStatus {
  const status = statusClass(rawStatus);
  if (status === 'paid') return dueDate <= today ? 'paid' : 'open';
  return status;
}

/** A clinic uses a handful of status texts: each is folded and matched once, then remembered (bounded). */
const CLASSES = new Map<string, InstallmentStatus>();
const CLASSES_MAX = 1000;

function statusClass(rawStatus: string): InstallmentStatus {
  const known = CLASSES.get(rawStatus);
  if (known) return known;
  const status = fold(rawStatus);
  const paid = PAID.has(status) || (GATEWAY.test(status) && !NOT_PAID.has(status));
  const result: InstallmentStatus = CANCELLED.has(status) ? 'cancelled' : paid ? 'paid' : 'open';
  if (CLASSES.size >= CLASSES_MAX) CLASSES.clear();
  CLASSES.set(rawStatus, result);
  return result;
}
