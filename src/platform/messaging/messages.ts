/** The logical exchange integration events go to; transports map it to a physical name. */
export const EVENTS_EXCHANGE = 'events';
/** Exchange value of a message addressed to one consumer's queue (replays). */
export const DIRECT = '';

/** Headers every message carries on the wire (AMQP headers, or the local transport's row). */
export interface MessageHeaders {
  type: string;
  tenantId?: string;
  correlationId: string;
  causationId?: string;
  occurredAt: string;
  [key: string]: unknown;
}

/** A row of the outbox, as the relay hands it to a transport. */
export interface OutboundMessage {
  seq: string;
  messageId: string;
  exchange: string;
  routingKey: string;
  /** The payload as stored: JSON text, sent as is (no parse/serialise round trip). */
  payloadJson: string;
  headers: MessageHeaders;
  orderingKey: string | null;
}

/** What a consumer's handler receives. Transport-agnostic. */
export interface InboundMessage<TPayload = unknown> {
  messageId: string;
  type: string;
  routingKey: string;
  tenantId?: string;
  correlationId: string;
  causationId?: string;
  occurredAt: Date;
  payload: TPayload;
  /** 1 for the first delivery. */
  attempt: number;
  headers: MessageHeaders;
}

export function toInbound<T>(
  messageId: string,
  routingKey: string,
  payload: T,
  headers: MessageHeaders,
  attempt: number,
): InboundMessage<T> {
  return {
    messageId,
    type: headers.type ?? routingKey,
    // A replay is addressed to the consumer's queue; the handler still sees the event's own key.
    routingKey: typeof headers.originalRoutingKey === 'string' ? headers.originalRoutingKey : routingKey,
    tenantId: headers.tenantId,
    correlationId: headers.correlationId ?? messageId,
    causationId: headers.causationId,
    occurredAt: new Date(headers.occurredAt ?? Date.now()),
    payload,
    attempt,
    headers,
  };
}
