import { IntegrationEvent } from '../../../shared/ddd/domain-event';

export interface ActionPlannedPayload {
  runId: string;
  actionId: string;
  magnusUserId: number;
  username: string;
  dryRun: boolean;
}

/**
 * An action of a run is ready to be applied to Magnus. Internal to the context: it exists to put each
 * Magnus write behind the messaging backbone (retries, dead letters, at-least-once after a crash).
 */
export class EnforcementActionPlannedEvent extends IntegrationEvent<ActionPlannedPayload> {
  static readonly ROUTING_KEY = 'telephony_enforcement.action.planned.v1';
  readonly routingKey = EnforcementActionPlannedEvent.ROUTING_KEY;

  constructor(tenantId: string, payload: ActionPlannedPayload) {
    // Actions on one line are applied in the order they were planned.
    super(tenantId, payload, { orderingKey: `magnus-line:${payload.magnusUserId}` });
  }
}
