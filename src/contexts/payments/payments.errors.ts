import { DomainError } from '../../shared/errors/domain-error';

/** The tenant does not exist or has not configured this provider: the URL names no receiver. */
export class WebhookReceiverNotFoundError extends DomainError {
  constructor() {
    super('PAYMENTS.RECEIVER_NOT_FOUND', 'not_found', 'No payment webhook receiver at this address');
  }
}

/** Bad, missing or stale signature: nothing was stored. The reason stays in the log and the metric. */
export class WebhookSignatureError extends DomainError {
  constructor() {
    super('PAYMENTS.BAD_SIGNATURE', 'unauthorized', 'The webhook signature could not be verified');
  }
}

/** Signed, but not the provider's documented shape. */
export class InvalidWebhookBodyError extends DomainError {
  constructor(detail: string) {
    super('PAYMENTS.INVALID_BODY', 'invalid', `The webhook body is not valid: ${detail}`);
  }
}
