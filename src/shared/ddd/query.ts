import { Query as CqrsQuery } from '@nestjs/cqrs';
import { newMetadata, type MessageMetadata } from './message-metadata';

/** Base of every query sent through the QueryBus. */
export abstract class Query<TResult> extends CqrsQuery<TResult> {
  readonly metadata: MessageMetadata;

  protected constructor(tenantId: string, metadata: Partial<MessageMetadata> = {}) {
    super();
    this.metadata = newMetadata(tenantId, metadata);
  }
}
