import type { EntityManager } from 'typeorm';

/** Another context's event as a policy receives it: the tenant it happened in and its contract payload. */
export interface ReceivedEvent<TPayload> {
  tenantId: string;
  payload: TPayload;
}

/**
 * This context's reaction to one event of another context, named `When<Event><Action>Policy`: it
 * decides whether to react and dispatches one of this context's commands through the `CommandBus`,
 * in `tx` — the transaction the consumer records the inbound message in, so the reaction commits with
 * the inbox row (never lost, never applied twice). A policy reads the other context's event contract
 * (its `contracts/` payload) and nothing else of it; it holds no SQL and no I/O of its own.
 */
export interface Policy<TPayload> {
  react(event: ReceivedEvent<TPayload>, tx: EntityManager): Promise<void>;
}
