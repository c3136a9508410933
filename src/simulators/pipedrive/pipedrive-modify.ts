import { SimulatorInputError } from '../host/simulator';
import { addDeal, addPerson, inspectPipedrive, type PipedriveState } from './pipedrive-state';

export const PIPEDRIVE_MODIFY_ACTIONS = ['addPerson', 'addDeal', 'setRateLimit'] as const;

const STAMP = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Control-API changes, one `action` per call: `addPerson {name, document?}` (the document lands in the
 * CPF/CNPJ custom field), `addDeal {title, personId?, value?, status?, pipelineId?, stageId?}`,
 * `setRateLimit {general?, search?, windowMs?}`.
 */
export function modifyPipedrive(state: PipedriveState, body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new SimulatorInputError('body must be a JSON object with an "action"');
  const input = body as Record<string, unknown>;
  switch (input.action) {
    case 'addPerson': {
      if (typeof input.name !== 'string' || input.name === '')
        throw new SimulatorInputError('name is required');
      const document = input.document === undefined ? null : String(input.document);
      return addPerson(state, { name: input.name, document }, STAMP());
    }
    case 'addDeal': {
      if (typeof input.title !== 'string' || input.title === '')
        throw new SimulatorInputError('title is required');
      const status = input.status ?? 'open';
      if (!['open', 'won', 'lost', 'deleted'].includes(status as string))
        throw new SimulatorInputError('status must be open, won, lost or deleted');
      return addDeal(
        state,
        {
          title: input.title,
          personId: typeof input.personId === 'number' ? input.personId : null,
          value: typeof input.value === 'number' ? input.value : 0,
          status: status as 'open',
          pipelineId: typeof input.pipelineId === 'number' ? input.pipelineId : undefined,
          stageId: typeof input.stageId === 'number' ? input.stageId : undefined,
        },
        STAMP(),
      );
    }
    case 'setRateLimit': {
      const next = { ...state.rateLimit };
      for (const key of ['general', 'search', 'windowMs'] as const) {
        if (input[key] === undefined) continue;
        const value = input[key];
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
          throw new SimulatorInputError(`${key} must be a positive integer`);
        next[key] = value;
      }
      state.rateLimit = next;
      state.windows.clear();
      return inspectPipedrive(state).rateLimit;
    }
    default:
      throw new SimulatorInputError(
        `unknown action ${JSON.stringify(input.action)}; use ${PIPEDRIVE_MODIFY_ACTIONS.join(', ')}`,
      );
  }
}
