import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/**
 * What every log line and every message produced during one unit of work carries: an HTTP request,
 * a scheduled job run or a consumed message. Kept in AsyncLocalStorage so no signature needs it.
 */
export interface ExecutionScope {
  correlationId: string;
  requestId?: string;
  /** The id of the message being handled: what caused the work done in this scope. */
  causationId?: string;
}

const storage = new AsyncLocalStorage<ExecutionScope>();

export const ExecutionContext = {
  run<T>(scope: ExecutionScope, fn: () => T): T {
    return storage.run(scope, fn);
  },
  current(): ExecutionScope | undefined {
    return storage.getStore();
  },
  correlationId(): string | undefined {
    return storage.getStore()?.correlationId;
  },
  causationId(): string | undefined {
    return storage.getStore()?.causationId;
  },
  newId(): string {
    return randomUUID();
  },
};
