import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { Channel } from './cadence';

/**
 * A phone as mirrored from an ERP ("(11) 98765-4321", "011987654321", "+55 11 9…") → digits with the
 * country code (`5511987654321`), or null when it is not a valid Brazilian (or international) number.
 */
export function normalizePhone(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const trimmed = raw.trim();
  if (!/\d/.test(trimmed)) return null;
  const parsed = parsePhoneNumberFromString(trimmed.replace(/^0(?=[1-9]{2})/, ''), 'BR');
  if (!parsed?.isValid()) return null;
  return parsed.number.replace(/^\+/, '');
}

export function normalizeEmail(raw: string | null | undefined): string | null {
  const email = raw?.trim().toLowerCase();
  return email && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? email : null;
}

export interface ContactAddresses {
  email: string | null;
  phone: string | null;
  whatsapp: string | null;
}

/** Where a message on `channel` goes, or null when the debtor has no address for it. */
export function addressFor(channel: Channel, debtor: ContactAddresses): string | null {
  switch (channel) {
    case 'email':
      return debtor.email;
    case 'sms':
      return debtor.phone ?? debtor.whatsapp;
    case 'whatsapp':
      return debtor.whatsapp ?? debtor.phone;
  }
}
