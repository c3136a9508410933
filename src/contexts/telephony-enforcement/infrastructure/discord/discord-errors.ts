import { DomainError } from '../../../../shared/errors/domain-error';

/**
 * Every way a webhook post fails (integrations.md §3). `transient` says whether the same message may go
 * through later: the caller's retry queue keeps those and drops the others. Messages name the webhook only
 * as `/webhooks/<id>/***`: the token in its URL is the credential.
 *
 * All are `unavailable` for our own API: whatever Discord answered, it is an upstream that could not take
 * the report, not a problem with the caller's input.
 */
export abstract class DiscordError extends DomainError {
  abstract readonly transient: boolean;

  constructor(
    code: string,
    message: string,
    /** HTTP status, when a response arrived */
    readonly status?: number,
    /** Discord's JSON error `code` (10015, 50035, …), when it sent one */
    readonly discordCode?: number,
  ) {
    super(code, 'unavailable', message, status === undefined ? undefined : { status, discordCode });
  }
}

/**
 * Discord asked for a longer wait than the client may spend (`maxWaitMs`), or 429s used up the attempts.
 * The message is intact: send it again after `retryAfterMs`.
 */
export class DiscordRateLimitedError extends DiscordError {
  readonly transient = true;

  constructor(
    webhook: string,
    readonly retryAfterMs: number,
    readonly global: boolean,
  ) {
    super(
      'TELEPHONY_ENFORCEMENT.DISCORD_RATE_LIMITED',
      `Discord rate limit on ${webhook}${global ? ' (global)' : ''}: retry after ${Math.ceil(retryAfterMs)} ms`,
      429,
    );
  }
}

/** Network failure, timeout or 5xx on every attempt. */
export class DiscordUnavailableError extends DiscordError {
  readonly transient = true;

  constructor(webhook: string, detail: string, status?: number) {
    super(
      'TELEPHONY_ENFORCEMENT.DISCORD_UNAVAILABLE',
      `Discord unavailable for ${webhook}: ${detail}`,
      status,
    );
  }
}

/**
 * 404 (10015 Unknown Webhook): the webhook was deleted. Stop posting to it; Discord restricts clients
 * that keep hitting unknown webhooks.
 */
export class DiscordUnknownWebhookError extends DiscordError {
  readonly transient = false;

  constructor(webhook: string, discordCode?: number) {
    super(
      'TELEPHONY_ENFORCEMENT.DISCORD_UNKNOWN_WEBHOOK',
      `Discord webhook ${webhook} does not exist (HTTP 404${discordCode ? `, code ${discordCode}` : ''})`,
      404,
      discordCode,
    );
  }
}

/** 401/403 (50027 Invalid Webhook Token): the token was regenerated or the URL was mistyped. */
export class DiscordUnauthorizedError extends DiscordError {
  readonly transient = false;

  constructor(webhook: string, status: number, discordCode?: number) {
    super(
      'TELEPHONY_ENFORCEMENT.DISCORD_UNAUTHORIZED',
      `Discord refused the token of ${webhook} (HTTP ${status}${discordCode ? `, code ${discordCode}` : ''})`,
      status,
      discordCode,
    );
  }
}

/** 400/413 (50035 Invalid Form Body, 50006 empty message, 40005 too large): the message itself is wrong. */
export class DiscordInvalidPayloadError extends DiscordError {
  readonly transient = false;

  constructor(webhook: string, status: number, detail: string, discordCode?: number) {
    super(
      'TELEPHONY_ENFORCEMENT.DISCORD_INVALID_PAYLOAD',
      `Discord refused the message for ${webhook} (HTTP ${status}${discordCode ? `, code ${discordCode}` : ''})` +
        (detail ? `: ${detail}` : ''),
      status,
      discordCode,
    );
  }
}

/** Any other answer (a redirect, 405, a 2xx from something that is not Discord): retrying will not help. */
export class DiscordUnexpectedResponseError extends DiscordError {
  readonly transient = false;

  constructor(webhook: string, status: number, detail: string) {
    super(
      'TELEPHONY_ENFORCEMENT.DISCORD_UNEXPECTED_RESPONSE',
      `Unexpected Discord answer for ${webhook} (HTTP ${status})${detail ? `: ${detail}` : ''}`,
      status,
    );
  }
}

/** The configured URL is not `https://…/webhooks/<id>/<token>`; nothing was sent. */
export class DiscordInvalidWebhookUrlError extends DiscordError {
  readonly transient = false;

  constructor(reason: string) {
    super('TELEPHONY_ENFORCEMENT.DISCORD_INVALID_WEBHOOK_URL', `Invalid Discord webhook URL: ${reason}`);
  }
}
