import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/**
 * What every log line and every message produced during one unit of work carries: an HTTP request,
 * a scheduled job run or a consumed message. Kept in AsyncLocalStorage so no signature needs it.
 */
export interface ExecutionScope {
  correlationId: string;
  requestId?: string;
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
  newId(): string {
    return randomUUID();
  },
};
