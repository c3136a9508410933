/**
 * CPF/CNPJ as stored by IXC (masked, `627.105.245-20`) → the bare identifier plus whether its check digits
 * hold. An invalid document is kept, flagged, because it is still what identifies the customer in IXC.
 *
 * CNPJs may be alphanumeric from July 2026 (Receita Federal, IN RFB 2.229/2024): twelve characters 0-9/A-Z
 * and two numeric check digits, computed on each character's ASCII code minus 48. Numeric CNPJs are the
 * special case of the same rule, so one algorithm covers both.
 */
export interface BrazilianDocument {
  /** Digits (uppercase letters too for an alphanumeric CNPJ); null when the field is empty. */
  value: string | null;
  kind: 'cpf' | 'cnpj' | null;
  valid: boolean;
}

export function parseDocument(raw: string | undefined): BrazilianDocument {
  const value = (raw ?? '').toUpperCase().replace(/[\s./-]/g, '');
  if (value === '') return { value: null, kind: null, valid: false };
  if (/^\d{11}$/.test(value)) return { value, kind: 'cpf', valid: isValidCpf(value) };
  if (/^[0-9A-Z]{12}\d{2}$/.test(value)) return { value, kind: 'cnpj', valid: isValidCnpj(value) };
  return { value, kind: null, valid: false };
}

export function isValidCpf(cpf: string): boolean {
  // Repeated digits (111.111.111-11) pass the arithmetic but are not real CPFs.
  if (!/^\d{11}$/.test(cpf) || /^(\d)\1{10}$/.test(cpf)) return false;
  const digits = [...cpf].map(Number);
  const check = (length: number) => {
    const sum = digits.slice(0, length).reduce((acc, digit, index) => acc + digit * (length + 1 - index), 0);
    const rest = (sum * 10) % 11;
    return rest === 10 ? 0 : rest;
  };
  return check(9) === digits[9] && check(10) === digits[10];
}

export function isValidCnpj(cnpj: string): boolean {
  if (!/^[0-9A-Z]{12}\d{2}$/.test(cnpj) || /^(.)\1{13}$/.test(cnpj)) return false;
  const values = [...cnpj].map((char) => char.charCodeAt(0) - 48);
  const check = (length: number) => {
    // Weights run 2..9 from the right, restarting after 9.
    const sum = values
      .slice(0, length)
      .reduce((acc, value, index) => acc + value * (((length - 1 - index) % 8) + 2), 0);
    const rest = sum % 11;
    return rest < 2 ? 0 : 11 - rest;
  };
  return check(12) === values[12] && check(13) === values[13];
}
