import { ProviderFailure } from '../../application/ports/channel-providers';

/** The ProviderFailure a call rejects with; fails the test when it resolves or throws anything else. */
export async function failureOf(call: Promise<unknown>): Promise<ProviderFailure> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ProviderFailure))
    throw new Error(`expected a ProviderFailure, got ${String(error)}`);
  return error;
}
