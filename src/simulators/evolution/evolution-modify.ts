import { SimulatorInputError } from '../host/simulator';
import { evolutionJid, jidNumber } from './evolution-number';
import {
  addInstance,
  inspectEvolution,
  INSTANCE_STATES,
  keepMessage,
  messageId,
  normalizedDigits,
  type EvolutionState,
  type InstanceState,
  type MessageStatus,
} from './evolution-state';
import { deliver, inboundMessageEvent, statusUpdateEvent } from './evolution-webhook';

export const EVOLUTION_MODIFY_ACTIONS = [
  'setInstanceState',
  'addInstance',
  'clearMessages',
  'setNotOnWhatsApp',
  'setWebhook',
  'ack',
  'reply',
  'receipts',
] as const;

const ACK_STATUSES: readonly MessageStatus[] = ['SERVER_ACK', 'DELIVERY_ACK', 'READ'];

/**
 * Control-API changes, one `action` per call:
 * `setInstanceState {instance, state}`, `addInstance {instance, state?}`, `clearMessages`,
 * `setNotOnWhatsApp {numbers}` (replaces the explicit list), `setWebhook {url, instance?}` (all instances
 * by default; `null` clears),
 * `ack {messageId, status}` and `reply {from, text, instance?}` (both post a webhook event),
 * `receipts {from?}`: every accepted send since the last `clearMessages` (digits, instance, epoch ms).
 */
export async function modifyEvolution(state: EvolutionState, body: unknown): Promise<unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new SimulatorInputError('body must be a JSON object with an "action"');
  }
  const input = body as Record<string, unknown>;
  switch (input.action) {
    case 'setInstanceState': {
      const instance = knownInstance(state, input.instance);
      instance.state = instanceState(input.state);
      return instance;
    }
    case 'addInstance': {
      const name = text(input.instance, 'instance', 100);
      if (state.instances.has(name)) throw new SimulatorInputError(`instance ${name} already exists`);
      return addInstance(state, name, input.state === undefined ? 'open' : instanceState(input.state));
    }
    case 'clearMessages':
      state.messages.splice(0);
      state.receipts = { numbers: [], instances: [], at: [] };
      return inspectEvolution(state);
    case 'receipts': {
      const from = input.from === undefined ? 0 : input.from;
      if (typeof from !== 'number' || !Number.isInteger(from) || from < 0)
        throw new SimulatorInputError('from must be a non-negative integer');
      const r = state.receipts;
      return {
        total: r.numbers.length,
        from,
        numbers: r.numbers.slice(from),
        instances: r.instances.slice(from),
        at: r.at.slice(from),
      };
    }
    case 'setNotOnWhatsApp': {
      if (!Array.isArray(input.numbers) || !input.numbers.every((n) => typeof n === 'string')) {
        throw new SimulatorInputError('numbers must be an array of strings');
      }
      state.notOnWhatsApp = new Set((input.numbers as string[]).map(normalizedDigits));
      return { notOnWhatsApp: [...state.notOnWhatsApp] };
    }
    case 'setWebhook': {
      const targets =
        input.instance === undefined ? [...state.instances.values()] : [knownInstance(state, input.instance)];
      const url = input.url === null ? null : httpUrl(input.url);
      for (const target of targets) {
        if (url === null) delete target.webhook;
        else
          target.webhook = {
            url,
            enabled: true,
            events: [],
            headers: {},
            webhookByEvents: false,
            webhookBase64: false,
          };
      }
      return { instances: targets.map((target) => target.instanceName), webhookUrl: url };
    }
    case 'ack': {
      const message = state.messages.find((m) => m.id === input.messageId && m.fromMe);
      if (!message)
        throw new SimulatorInputError(`unknown sent message id ${JSON.stringify(input.messageId)}`);
      if (!ACK_STATUSES.includes(input.status as MessageStatus)) {
        throw new SimulatorInputError(`status must be one of ${ACK_STATUSES.join(', ')}`);
      }
      message.status = input.status as MessageStatus;
      const instance = knownInstance(state, message.instanceName);
      return deliver(state, instance, statusUpdateEvent(instance, message));
    }
    case 'reply': {
      const instance = knownInstance(state, input.instance ?? [...state.instances.keys()][0]);
      const jid = evolutionJid(text(input.from, 'from', 40));
      const message = {
        id: messageId(state.random),
        instanceName: instance.instanceName,
        remoteJid: `${jidNumber(jid)}@s.whatsapp.net`,
        fromMe: false,
        text: text(input.text, 'text', 65_536),
        status: 'DELIVERY_ACK' as const,
        timestamp: Math.floor(Date.now() / 1000),
      };
      keepMessage(state, message);
      state.counts.replies++;
      return deliver(state, instance, inboundMessageEvent(instance, message));
    }
    default:
      throw new SimulatorInputError(
        `unknown action ${JSON.stringify(input.action)}; use ${EVOLUTION_MODIFY_ACTIONS.join(', ')}`,
      );
  }
}

function knownInstance(state: EvolutionState, name: unknown) {
  const instance = typeof name === 'string' ? state.instances.get(name) : undefined;
  if (!instance) throw new SimulatorInputError(`unknown instance ${JSON.stringify(name)}`);
  return instance;
}

function instanceState(value: unknown): InstanceState {
  if (!INSTANCE_STATES.includes(value as InstanceState)) {
    throw new SimulatorInputError(`state must be one of ${INSTANCE_STATES.join(', ')}`);
  }
  return value as InstanceState;
}

function text(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max) {
    throw new SimulatorInputError(`${field} must be a string of 1 to ${max} characters`);
  }
  return value;
}

function httpUrl(value: unknown): string {
  if (typeof value !== 'string' || !/^https?:\/\/\S+$/.test(value)) {
    throw new SimulatorInputError('url must be an http(s) URL or null');
  }
  return value;
}
