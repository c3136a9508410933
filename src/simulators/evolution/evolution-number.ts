import { deriveSeed } from '../host/prng';

/**
 * Evolution's `createJid` (src/utils/createJid.ts): strips `+ ( )`, spaces and dashes, applies the BR
 * 9th-digit fix and appends `@s.whatsapp.net`. A value that already carries a JID suffix is kept.
 */
export function evolutionJid(number: string): string {
  if (number.includes('@')) return number;
  return `${formatBrNumber(number.replace(/[\s+()-]/g, '').split(':')[0]!)}@s.whatsapp.net`;
}

/** The digits part of a JID: what Evolution echoes as `number` in its not-on-WhatsApp answer. */
export function jidNumber(jid: string): string {
  return jid.split('@')[0]!;
}

/**
 * BR mobiles: 13 digits `55 DD 9 XXXXXXXX`. In DDDs 31+ whose subscriber number starts with 7-9,
 * WhatsApp accounts predate the 9th digit, so Evolution drops it; DDDs 11-30 keep it.
 */
function formatBrNumber(digits: string): string {
  const match = /^(\d{2})(\d{2})\d(\d{8})$/.exec(digits);
  if (!match || match[1] !== '55') return digits;
  const joker = Number(match[3]![0]);
  const ddd = Number(match[2]);
  if (joker < 7 || ddd < 31) return digits;
  return `${match[1]}${match[2]}${match[3]}`;
}

/** Share of valid numbers the seed marks as not on WhatsApp, so demo runs meet that failure now and then. */
export const NOT_ON_WHATSAPP_PERCENT = 5;

/**
 * Whether a number is "not on WhatsApp" in a fresh simulator with this seed (before `setNotOnWhatsApp`):
 * - anything that is not 10-15 digits after normalisation (WhatsApp answers exists:false for junk), or
 * - numbers ending in `0000` (a rule people can use by hand), or
 * - a seeded 5% of the rest (hash of seed and number), so the same seed always picks the same numbers.
 */
export function isSeededNotOnWhatsApp(seed: number, number: string): boolean {
  const digits = jidNumber(evolutionJid(number));
  if (!/^\d{10,15}$/.test(digits)) return true;
  if (digits.endsWith('0000')) return true;
  return deriveSeed(seed, `evolution:whatsapp:${digits}`) % 100 < NOT_ON_WHATSAPP_PERCENT;
}
