/**
 * What kind of failure a domain error is. The HTTP layer maps kinds to statuses in one place
 * (`ProblemDetailsFilter`), so contexts never think in HTTP terms.
 */
export type DomainErrorKind =
  'invalid' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'rate_limited' | 'unavailable';

const CODE_FORMAT = /^[A-Z][A-Z0-9_]*\.[A-Z][A-Z0-9_]*$/;

/**
 * Base class for every error a context raises on purpose. `code` is stable (`CONTEXT.REASON`, e.g.
 * `DEBT_ESCALATION.ALREADY_ESCALATED`): clients and dashboards may rely on it.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly kind: DomainErrorKind,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    if (!CODE_FORMAT.test(code)) throw new Error(`Domain error code "${code}" is not CONTEXT.REASON`);
    this.name = new.target.name;
  }
}
