import type { Request, Response } from 'express';
import type { SimulatorContext } from '../host/simulator';
import { sendEvolutionError } from './evolution-errors';
import { evolutionJid, jidNumber } from './evolution-number';
import {
  isNotOnWhatsApp,
  keepMessage,
  messageId,
  recordReceipt,
  type EvolutionInstance,
  type EvolutionMessage,
  type EvolutionState,
} from './evolution-state';

/**
 * The simulator's cap on `text`. Evolution itself does not check a length; WhatsApp clients cap a text
 * message at 65,536 characters and the refusal surfaces as Evolution's generic 400 (`error.toString()`).
 */
export const MAX_TEXT_LENGTH = 65_536;

interface SendTextInput {
  number: string;
  text: string;
  delay?: number;
  linkPreview?: boolean;
}

/** `POST /message/sendText/{instance}`: the instance already passed the exists/auth guards. */
export function sendText(
  state: EvolutionState,
  instance: EvolutionInstance,
  ctx: SimulatorContext,
  req: Request,
  res: Response,
): void {
  const input = parseSendText(req.body);
  if (typeof input === 'string' || Array.isArray(input)) {
    state.counts.refused++;
    return sendEvolutionError(res, 400, Array.isArray(input) ? input : [input]);
  }
  // Baileys cannot reach WhatsApp while the socket is down; Evolution wraps the throw as 400.
  if (instance.state !== 'open') {
    state.counts.refused++;
    return sendEvolutionError(res, 400, ['Error: Connection Closed']);
  }
  const jid = evolutionJid(input.number);
  if (isNotOnWhatsApp(state, jid)) {
    state.counts.notOnWhatsApp++;
    return sendEvolutionError(res, 400, [{ jid, exists: false, number: jidNumber(jid) }]);
  }
  if (input.text.length > MAX_TEXT_LENGTH) {
    state.counts.refused++;
    return sendEvolutionError(res, 400, ['Error: Message too long']);
  }

  const now = ctx.now();
  const message: EvolutionMessage = {
    id: messageId(state.random),
    instanceName: instance.instanceName,
    remoteJid: jid,
    fromMe: true,
    text: input.text,
    status: 'PENDING',
    delay: input.delay,
    linkPreview: input.linkPreview,
    timestamp: Math.floor(now.getTime() / 1000),
  };
  keepMessage(state, message);
  recordReceipt(state, jidNumber(jid), instance.instanceName, now.getTime());
  state.counts.sent++;
  res.status(201).json(wireMessage(message, instance));
}

/** `prepareMessage` output, the shape sendText answers and messages.upsert carries. */
export function wireMessage(message: EvolutionMessage, instance: EvolutionInstance) {
  return {
    key: { remoteJid: message.remoteJid, fromMe: message.fromMe, id: message.id },
    pushName: message.fromMe ? 'Você' : 'Cliente',
    status: message.status,
    message: { conversation: message.text },
    contextInfo: null,
    messageType: 'conversation',
    messageTimestamp: message.timestamp,
    instanceId: instance.instanceId,
    // getDevice(): `3EB0…` ids are WhatsApp Web's, which is what Baileys sends as
    source: message.fromMe ? 'web' : 'android',
  };
}

/**
 * v2 body `{number, text, delay?, linkPreview?, quoted?, mentionsEveryOne?, mentioned?}`; the v1 body
 * `{number, options: {delay, linkPreview}, textMessage: {text}}` is accepted too (older servers).
 * Returns the validation messages on failure (jsonschema `stack` wording, as message.schema.ts yields).
 */
function parseSendText(body: unknown): SendTextInput | string | string[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return 'instance is not of a type(s) object';
  const raw = body as Record<string, unknown>;
  const v1 = typeof raw.textMessage === 'object' && raw.textMessage !== null;
  const text = v1 ? (raw.textMessage as Record<string, unknown>).text : raw.text;
  const options = (
    v1 && typeof raw.options === 'object' && raw.options !== null ? raw.options : raw
  ) as Record<string, unknown>;

  const errors: string[] = [];
  if (raw.number === undefined) errors.push('instance requires property "number"');
  else if (typeof raw.number !== 'string') errors.push('instance.number is not of a type(s) string');
  if (text === undefined)
    errors.push(v1 ? 'instance.textMessage requires property "text"' : 'instance requires property "text"');
  else if (typeof text !== 'string') errors.push('instance.text is not of a type(s) string');
  if (options.delay !== undefined && typeof options.delay !== 'number') {
    errors.push('instance.delay is not of a type(s) integer');
  }
  if (options.linkPreview !== undefined && typeof options.linkPreview !== 'boolean') {
    errors.push('instance.linkPreview is not of a type(s) boolean');
  }
  if (errors.length > 0) return errors;
  if (raw.number === '') return 'The "number" cannot be empty';
  // whatsapp.baileys.service.ts::textMessage refuses a blank text after the schema passed
  if ((text as string).trim() === '') return 'Text is required';
  return {
    number: raw.number as string,
    text: text as string,
    delay: options.delay as number | undefined,
    linkPreview: options.linkPreview as boolean | undefined,
  };
}
