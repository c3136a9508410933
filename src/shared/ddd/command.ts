import { Command as CqrsCommand } from '@nestjs/cqrs';
import { newMetadata, type MessageMetadata } from './message-metadata';

/** Base of every command sent through the CommandBus: an intent, named in the imperative. */
export abstract class Command<TResult = void> extends CqrsCommand<TResult> {
  readonly metadata: MessageMetadata;

  protected constructor(tenantId: string, metadata: Partial<MessageMetadata> = {}) {
    super();
    this.metadata = newMetadata(tenantId, metadata);
  }
}
