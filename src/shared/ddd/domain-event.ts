import { newMetadata, type MessageMetadata } from './message-metadata';

/**
 * Something that happened inside a context (past tense). Published in-process on the EventBus;
 * events other contexts or processes must see are integration events, written to the outbox.
 */
export abstract class DomainEvent<TPayload extends object = object> {
  readonly metadata: MessageMetadata;

  protected constructor(
    tenantId: string,
    readonly payload: TPayload,
    metadata: Partial<MessageMetadata> = {},
  ) {
    this.metadata = newMetadata(tenantId, metadata);
  }
}

/**
 * An event published to other contexts through the outbox and the broker. `routingKey` follows
 * `<context>.<aggregate>.<past-tense>.v1`. Events of one aggregate that must arrive in order set
 * `orderingKey` (usually the aggregate id).
 */
export abstract class IntegrationEvent<TPayload extends object = object> extends DomainEvent<TPayload> {
  abstract readonly routingKey: string;
  readonly orderingKey?: string;

  protected constructor(
    tenantId: string,
    payload: TPayload,
    options: { orderingKey?: string; metadata?: Partial<MessageMetadata> } = {},
  ) {
    super(tenantId, payload, options.metadata);
    this.orderingKey = options.orderingKey;
  }
}
