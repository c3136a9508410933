/** A CPF as 11 digits when its check digits hold, else null (masks such as `000.000.000-00` are stripped). */
export function normalizeCpf(value: string | null | undefined): string | null {
  const digits = (value ?? '').replace(/\D/g, '');
  if (!/^\d{11}$/.test(digits) || /^(\d)\1{10}$/.test(digits)) return null;
  for (const length of [9, 10]) {
    const sum = [...digits.slice(0, length)].reduce((acc, d, i) => acc + Number(d) * (length + 1 - i), 0);
    const check = ((sum * 10) % 11) % 10;
    if (check !== Number(digits[length])) return null;
  }
  return digits;
}
