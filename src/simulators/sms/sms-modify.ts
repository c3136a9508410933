import { SimulatorInputError } from '../host/simulator';
import { inspectSms, type SmsState } from './sms-state';

export const SMS_MODIFY_ACTIONS = ['clearMessages', 'setInvalid', 'expireTokens'] as const;

/**
 * Control-API changes to the fake SMS gateway, one `action` per call: `clearMessages`,
 * `setInvalid {numbers}` (replaces the refused list), `expireTokens` (forces clients to fetch a new token).
 */
export function modifySms(state: SmsState, body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new SimulatorInputError('body must be a JSON object with an "action"');
  }
  const input = body as Record<string, unknown>;
  switch (input.action) {
    case 'clearMessages':
      state.messages.splice(0);
      return inspectSms(state);
    case 'setInvalid': {
      const numbers = input.numbers;
      if (!Array.isArray(numbers) || numbers.some((n) => typeof n !== 'string')) {
        throw new SimulatorInputError('numbers must be an array of strings');
      }
      state.invalidNumbers = new Set(numbers as string[]);
      return { invalidNumbers: [...state.invalidNumbers] };
    }
    case 'expireTokens':
      state.tokens.clear();
      return { activeTokens: 0 };
    default:
      throw new SimulatorInputError(
        `unknown action ${JSON.stringify(input.action)}; use ${SMS_MODIFY_ACTIONS.join(', ')}`,
      );
  }
}
