import { IntegrationEvent } from '../../../shared/ddd/domain-event';
import type { Channel } from '../domain/cadence';

export interface MessageDuePayload {
  scheduleId: string;
  channel: Channel;
  debtorId: string;
  /** when the message was due (queue lag is measured from it) */
  dueAt: string;
}

/** A schedule was claimed by the dispatcher: its channel worker renders and sends it. */
export class MessageDueEvent extends IntegrationEvent<MessageDuePayload> {
  static routingKeyOf(channel: Channel): string {
    return `notification_flow.${channel}.due.v1`;
  }
  readonly routingKey: string;

  constructor(tenantId: string, payload: MessageDuePayload) {
    super(tenantId, payload, { orderingKey: `schedule:${payload.scheduleId}` });
    this.routingKey = MessageDueEvent.routingKeyOf(payload.channel);
  }
}
