import { SimulatorInputError } from '../host/simulator';
import { inspectSmtp, type SmtpState } from './smtp-state';

export const SMTP_MODIFY_ACTIONS = ['clearMessages', 'setRejectAll'] as const;

/**
 * Control-API changes to the fake SMTP relay, one `action` per call: `clearMessages`,
 * `setRejectAll {reject}` (every recipient refused with 550 while true). Faults at DATA (451/554, hangs)
 * come from the host's `/faults`, with `pathPattern` `^/DATA$`.
 */
export function modifySmtp(state: SmtpState, body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new SimulatorInputError('body must be a JSON object with an "action"');
  }
  const input = body as Record<string, unknown>;
  switch (input.action) {
    case 'clearMessages':
      state.messages.splice(0);
      return inspectSmtp(state);
    case 'setRejectAll':
      if (typeof input.reject !== 'boolean') throw new SimulatorInputError('reject must be a boolean');
      state.rejectAll = input.reject;
      return { rejectAll: state.rejectAll };
    default:
      throw new SimulatorInputError(
        `unknown action ${JSON.stringify(input.action)}; use ${SMTP_MODIFY_ACTIONS.join(', ')}`,
      );
  }
}
