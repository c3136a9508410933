import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * The common case without the library's cost (~50 µs a number, most of a sync's CPU): an area code and a
 * nine-digit mobile (9 + 8 digits) or an eight-digit landline (2–5 + 7 digits), with an optional 0 or +55 in
 * front. The area-code and number patterns are libphonenumber's own for BR (metadata `fixedLine` / `mobile`),
 * so the answer is the one the library gives; anything else goes to the library.
 */
const FAST_BR = /^(?:\+55|0)?((?:[14689][1-9]|2[12478]|3[1-578]|5[13-5]|7[13-579]))(9\d{8}|[2-5]\d{7})$/;

/**
 * A Brazilian phone as the clinic system holds it (`(11) 98765-4321`, `11987654321`, `011 987654321`) →
 * E.164, or null when it does not read as a valid number. An eight-digit mobile (before 2016's ninth
 * digit: subscriber numbers starting 6–9) gets its `9` back and must then validate as a mobile.
 */
export function toE164(value: string | null | undefined): string | null {
  const cleaned = (value ?? '').trim().replace(/(?!^\+)[^\d]/g, '');
  if (cleaned.replace('+', '').length < 8) return null;
  const quick = FAST_BR.exec(cleaned);
  if (quick) return `+55${quick[1]}${quick[2]}`;
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
