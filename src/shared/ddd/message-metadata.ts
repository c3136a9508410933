import { ExecutionContext } from '../context/execution-context';

/**
 * What every command, query and event carries. `correlationId` ties together everything one
 * request (or job run) caused; `causationId` is the id of the message that directly caused this one.
 */
export interface MessageMetadata {
  id: string;
  tenantId: string;
  correlationId: string;
  causationId?: string;
  occurredAt: Date;
}

/** Fills the metadata from the current execution scope, so callers only name the tenant. */
export function newMetadata(tenantId: string, overrides: Partial<MessageMetadata> = {}): MessageMetadata {
  const id = overrides.id ?? ExecutionContext.newId();
  return {
    id,
    tenantId,
    correlationId: overrides.correlationId ?? ExecutionContext.correlationId() ?? id,
    causationId: overrides.causationId ?? ExecutionContext.causationId(),
    occurredAt: overrides.occurredAt ?? new Date(),
  };
}
