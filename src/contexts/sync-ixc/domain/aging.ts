/** Aging buckets of the open-billing view, by days past due. Not-yet-due debts are in none. */
export const AGING_BUCKETS = [
  { key: '1-15', from: 1, to: 15 },
  { key: '16-30', from: 16, to: 30 },
  { key: '31-60', from: 31, to: 60 },
  { key: '61-90', from: 61, to: 90 },
  { key: '90+', from: 91, to: null },
] as const;

export type AgingKey = (typeof AGING_BUCKETS)[number]['key'];

export function agingBucket(daysOverdue: number): AgingKey | null {
  const bucket = AGING_BUCKETS.find((b) => daysOverdue >= b.from && (b.to === null || daysOverdue <= b.to));
  return bucket?.key ?? null;
}

const BRL = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' });

/** `R$ 1.234,56` (with the narrow no-break space Intl uses) from integer cents. */
export function formatBrl(cents: number): string {
  return BRL.format(cents / 100);
}
