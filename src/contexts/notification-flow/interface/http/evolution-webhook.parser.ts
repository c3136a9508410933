import type { FeedbackEvent } from '../../domain/delivery-feedback';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

/** `messages.update` / `MESSAGES_UPDATE` → `messages.update` */
const eventName = (name: string) => name.toLowerCase().replace('_', '.');

/**
 * Evolution API webhook body (v2: `{event, instance, data, …}`) → the feedback it carries. Returns a
 * reason string when the shape is wrong. Events other than `messages.update` and `messages.upsert`,
 * our own outgoing messages, group messages and non-text messages yield nothing.
 */
export function parseEvolutionWebhook(body: unknown): FeedbackEvent[] | string {
  if (!isObject(body)) return 'the body must be a JSON object';
  if (typeof body.event !== 'string') return 'event must be a string';
  const event = eventName(body.event);
  if (event !== 'messages.update' && event !== 'messages.upsert') return [];
  const data = body.data;
  const items: unknown[] = Array.isArray(data) ? data : [data];
  if (!isObject(data) && !Array.isArray(data)) return 'data must be an object';
  const out: FeedbackEvent[] = [];
  for (const [i, item] of items.entries()) {
    if (!isObject(item)) return `data[${i}] must be an object`;
    const key = isObject(item.key) ? item.key : {};
    if (event === 'messages.update') {
      // v2 sends {keyId, status}; older servers {key: {id}, update: {status}}
      const messageId = str(item.keyId) ?? str(key.id) ?? str(item.messageId);
      const status = str(item.status) ?? (isObject(item.update) ? str(item.update.status) : undefined);
      if (!messageId || !status) return 'messages.update needs keyId (or key.id) and status';
      out.push({ kind: 'ack', messageId, status });
      continue;
    }
    const remoteJid = str(key.remoteJid);
    if (!remoteJid) return 'messages.upsert needs key.remoteJid';
    if (key.fromMe === true || !remoteJid.endsWith('@s.whatsapp.net')) continue;
    const message = isObject(item.message) ? item.message : {};
    const extended = isObject(message.extendedTextMessage) ? message.extendedTextMessage : {};
    const text = str(message.conversation) ?? str(extended.text);
    if (text === undefined) continue;
    out.push({ kind: 'inbound', remoteJid, messageId: str(key.id) ?? null, text: text.trim() });
  }
  return out;
}
