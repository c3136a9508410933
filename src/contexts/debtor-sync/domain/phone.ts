import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * A Brazilian phone as the clinic system holds it (`(11) 98765-4321`, `11987654321`, `011 987654321`) →
 * E.164, or null when it does not read as a valid number. An eight-digit mobile (before 2016's ninth
 * digit: subscriber numbers starting 6–9) gets its `9` back and must then validate as a mobile.
 */
export function toE164(value: string | null | undefined): string | null {
  const cleaned = (value ?? '').trim().replace(/(?!^\+)[^\d]/g, '');
  if (cleaned.replace('+', '').length < 8) return null;
  const phone = parsePhoneNumberFromString(cleaned, 'BR');
  if (!phone) return null;
  if (phone.countryCallingCode === '55') {
    const national = phone.nationalNumber;
    if (national.length === 10 && /^[6-9]$/.test(national[2]!)) {
      const completed = parsePhoneNumberFromString(`+55${national.slice(0, 2)}9${national.slice(2)}`);
      return completed?.isValid() && completed.getType() === 'MOBILE' ? completed.number : null;
    }
  }
  return phone.isValid() ? phone.number : null;
}

/** A usable e-mail (lower-cased), or null. */
export function normalizeEmail(value: string | null | undefined): string | null {
  const text = (value ?? '').trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text) && text.length <= 254 ? text : null;
}
