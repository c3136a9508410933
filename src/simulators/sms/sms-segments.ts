export type SmsEncoding = 'GSM-7' | 'UCS-2';

// GSM 03.38 basic set; the extension characters cost two septets each.
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '^{}\\[~]|€\f';

/**
 * How many SMS parts a text costs: 160/153 septets in GSM-7, 70/67 UTF-16 units in UCS-2 (a single
 * "ã" or "ç" forces UCS-2, which matters for Portuguese dunning texts).
 */
export function countSegments(text: string): { encoding: SmsEncoding; segments: number } {
  let septets = 0;
  for (const char of text) {
    if (GSM_BASIC.includes(char)) septets += 1;
    else if (GSM_EXTENSION.includes(char)) septets += 2;
    else return { encoding: 'UCS-2', segments: parts(text.length, 70, 67) };
  }
  return { encoding: 'GSM-7', segments: parts(septets, 160, 153) };
}

function parts(units: number, single: number, multi: number): number {
  return units <= single ? 1 : Math.ceil(units / multi);
}
