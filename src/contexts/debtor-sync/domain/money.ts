/**
 * The clinic API's money (reais as a decimal string, `"1234.56"`, sometimes `"1.234,56"` or a number) →
 * integer cents, exactly (no float arithmetic). Null when it does not read as a non-negative amount.
 */
export function toCents(value: unknown): number | null {
  if (typeof value === 'number') {
    return Number.isFinite(value) && value >= 0 && value < 1e13 ? Math.round(value * 100) : null;
  }
  if (typeof value !== 'string') return null;
  let text = value.trim();
  if (/^\d{1,3}(\.\d{3})+(,\d{1,2})?$/.test(text) || /^\d+,\d{1,2}$/.test(text)) {
    text = text.replace(/\./g, '').replace(',', '.');
  }
  const match = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
}
