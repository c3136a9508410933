import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * Brazilian phone fields → E.164 (`+5579998307232`), or null when no valid number can be read.
 *
 * The missing 9th digit: Brazilian mobiles have had nine digits since 2016, but about 7% of the numbers
 * IXC servers hold still have the old eight (`(79) 9830-7232`; integrations.md §1.9). In Brazil's numbering
 * plan an eight-digit subscriber number starting with 6–9 can only be such a mobile (landlines start with
 * 2–5), so a `9` is inserted after the area code and the result must validate as a mobile. Landlines are
 * left as they are.
 *
 * IXC fields sometimes hold two numbers (`(21) 98888-7777 / (21) 3333-4444`): the first valid one wins.
 */
export function toE164Phone(value: string | undefined): string | null {
  const text = (value ?? '').trim();
  if (text === '') return null;
  for (const candidate of [text, ...text.split(/[/;,|]| e | ou /i)]) {
    const phone = normalise(candidate);
    if (phone) return phone;
  }
  return null;
}

function normalise(candidate: string): string | null {
  // Keeps digits and a leading +, which also turns the old trunk notation `0xx79…` into `079…`.
  const cleaned = candidate.trim().replace(/(?!^\+)[^\d]/g, '');
  if (cleaned.replace('+', '').length < 8) return null;
  const phone = parsePhoneNumberFromString(cleaned, 'BR');
  if (!phone) return null;
  if (phone.countryCallingCode === '55') {
    const national = phone.nationalNumber;
    if (national.length === 10 && /^[6-9]$/.test(national[2])) {
      const completed = parsePhoneNumberFromString(`+55${national.slice(0, 2)}9${national.slice(2)}`);
      return completed?.isValid() && completed.getType() === 'MOBILE' ? completed.number : null;
    }
  }
  return phone.isValid() ? phone.number : null;
}
