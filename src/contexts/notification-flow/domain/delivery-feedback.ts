/** Evolution message statuses that become history events. */
const ACK_EVENTS: Record<string, AckEvent> = {
  SERVER_ACK: 'server_ack',
  DELIVERY_ACK: 'delivery_ack',
  READ: 'read',
  PLAYED: 'read',
};

export type AckEvent = 'server_ack' | 'delivery_ack' | 'read';

/** The history event an Evolution status becomes; null for statuses that are not recorded. */
export function ackEventOf(status: string): AckEvent | null {
  return ACK_EVENTS[status.toUpperCase()] ?? null;
}

/** Replies that mean "stop messaging me" (compared without case, accents or surrounding punctuation). */
const STOP_WORDS = new Set(['sair', 'parar', 'stop']);

/** Reply text kept in the history, at most. */
export const MAX_REPLY_CHARS = 500;

export function isStopWord(text: string): boolean {
  const normalized = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, '');
  return STOP_WORDS.has(normalized);
}

/**
 * The numbers a WhatsApp JID may be stored as: Brazilian mobiles appear with and without the 9th digit
 * (55 + DDD + 9 + 8 digits vs 55 + DDD + 8 digits), so both forms are tried, each as bare digits (the ERP
 * mirrors) and in E.164 with `+` (billing API contacts).
 */
export function phoneCandidates(remoteJid: string): string[] {
  const digits = remoteJid.split('@')[0]!.split(':')[0]!.replace(/\D/g, '');
  if (!digits) return [];
  const out = new Set([digits]);
  if (digits.startsWith('55') && digits.length === 13 && digits[4] === '9')
    out.add(digits.slice(0, 4) + digits.slice(5));
  if (digits.startsWith('55') && digits.length === 12 && /[6-9]/.test(digits[4]!))
    out.add(`${digits.slice(0, 4)}9${digits.slice(4)}`);
  return [...out, ...[...out].map((n) => `+${n}`)];
}

/** One parsed Evolution webhook item. */
export type FeedbackEvent =
  | { kind: 'ack'; messageId: string; status: string }
  | { kind: 'inbound'; remoteJid: string; messageId: string | null; text: string };

export interface FeedbackOutcome {
  acks: number;
  replies: number;
  optOuts: number;
  ignored: number;
}
