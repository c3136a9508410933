import { IntegrationEvent } from '../../../shared/ddd/domain-event';
import type { PatientContact } from './installment-events';

export interface ClinicContractStatusChangedPayload {
  contractId: string;
  clinicId: string;
  /**
   * `active`; `dunning_disabled` (the clinic turned friendly dunning off); `uncovered` (the clinic's
   * coverage was paused or ended in Régua: never message it).
   */
  previous: { status: string; version: number | null };
  current: { status: string; version: number | null };
  patient: PatientContact;
}

/** A mirrored contract's status changed (never on its first import). */
export class ClinicContractStatusChangedEvent extends IntegrationEvent<ClinicContractStatusChangedPayload> {
  static readonly ROUTING_KEY = 'debtor_sync.contract.status_changed.v1';
  readonly routingKey = ClinicContractStatusChangedEvent.ROUTING_KEY;

  constructor(tenantId: string, payload: ClinicContractStatusChangedPayload) {
    super(tenantId, payload, { orderingKey: `contract:${payload.contractId}` });
  }
}
