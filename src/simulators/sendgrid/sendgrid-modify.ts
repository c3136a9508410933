import { SimulatorInputError } from '../host/simulator';
import { inspectSendgrid, type SendgridState } from './sendgrid-state';

export const SENDGRID_MODIFY_ACTIONS = [
  'clearMessages',
  'setRateLimit',
  'addBounce',
  'scheduleReceipts',
] as const;

/**
 * Control-API changes to the fake SendGrid, one `action` per call:
 * `clearMessages` (messages, bounces and schedule receipts), `setRateLimit {limit, windowMs}`,
 * `addBounce {email}`, `scheduleReceipts {from?}`: the `schedule_id` of every accepted recipient with its
 * receive time, `{total, from, ids, at}` from index `from` on (0 by default) — compact, for benchmarks.
 */
export function modifySendgrid(state: SendgridState, body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new SimulatorInputError('body must be a JSON object with an "action"');
  }
  const input = body as Record<string, unknown>;
  switch (input.action) {
    case 'clearMessages':
      state.messages.splice(0);
      state.bounces.splice(0);
      state.scheduleReceipts = { ids: [], at: [] };
      return inspectSendgrid(state);
    case 'setRateLimit':
      state.rateLimit = {
        limit: positive(input.limit, 'limit'),
        windowMs: positive(input.windowMs, 'windowMs'),
      };
      state.window = undefined;
      return { rateLimit: state.rateLimit };
    case 'addBounce': {
      if (typeof input.email !== 'string' || !input.email.includes('@')) {
        throw new SimulatorInputError('email must be an e-mail address');
      }
      state.bounceAddresses.add(input.email.toLowerCase());
      return { bounceAddresses: [...state.bounceAddresses] };
    }
    case 'scheduleReceipts': {
      const from = input.from === undefined ? 0 : nonNegative(input.from, 'from');
      const { ids, at } = state.scheduleReceipts;
      return { total: ids.length, from, ids: ids.slice(from), at: at.slice(from) };
    }
    default:
      throw new SimulatorInputError(
        `unknown action ${JSON.stringify(input.action)}; use ${SENDGRID_MODIFY_ACTIONS.join(', ')}`,
      );
  }
}

function nonNegative(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new SimulatorInputError(`${field} must be a non-negative integer`);
  }
  return value;
}

function positive(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new SimulatorInputError(`${field} must be a positive integer`);
  }
  return value;
}
