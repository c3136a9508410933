/**
 * How many SMS parts a text takes (3GPP TS 23.038 / GSM 03.38). A text made only of the GSM-7 default
 * alphabet and its extension table goes as GSM-7: 160 septets in one part, 153 per part when concatenated
 * (the user data header takes the rest); extension characters take two septets (escape + char) and are never
 * split across parts. Any other character switches the whole text to UCS-2: 70 UTF-16 units alone, 67 per
 * part, and a surrogate pair is never split either.
 */

/** The GSM 03.38 default alphabet (0x1B, the escape to the extension table, left out). */
const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
    '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);

/** The GSM 03.38 extension table: each takes two septets. */
const GSM7_EXTENSION = new Set('\f^{}\\[~]|€');

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsSegments {
  encoding: SmsEncoding;
  /** septets (GSM-7) or UTF-16 code units (UCS-2): what the per-part limits count */
  length: number;
  /** user-perceived characters (code points) */
  characters: number;
  segments: number;
}

const LIMITS: Record<SmsEncoding, { single: number; part: number }> = {
  'GSM-7': { single: 160, part: 153 },
  'UCS-2': { single: 70, part: 67 },
};

export function isGsm7(text: string): boolean {
  for (const char of text) if (!GSM7_BASIC.has(char) && !GSM7_EXTENSION.has(char)) return false;
  return true;
}

export function smsSegments(text: string): SmsSegments {
  const encoding: SmsEncoding = isGsm7(text) ? 'GSM-7' : 'UCS-2';
  // Each character's cost in units; iterating a string yields whole code points (pairs stay together).
  const costs = Array.from(text, (char) =>
    encoding === 'GSM-7' ? (GSM7_EXTENSION.has(char) ? 2 : 1) : char.length,
  );
  const length = costs.reduce((sum, cost) => sum + cost, 0);
  const { single, part } = LIMITS[encoding];
  if (length <= single) return { encoding, length, characters: costs.length, segments: 1 };
  let segments = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > part) {
      segments += 1;
      used = 0;
    }
    used += cost;
  }
  return { encoding, length, characters: costs.length, segments };
}
