export { pipedriveSimulator } from './pipedrive.simulator';
export {
  PIPEDRIVE_DEMO_CREDENTIALS,
  pipedriveDocumentFieldKey,
  type PipedriveData,
  type PipedriveDeal,
  type PipedriveNote,
  type PipedrivePerson,
} from './pipedrive-state';
export { PIPEDRIVE_MODIFY_ACTIONS } from './pipedrive-modify';
export type { PipedriveErrorBody } from './pipedrive-errors';
