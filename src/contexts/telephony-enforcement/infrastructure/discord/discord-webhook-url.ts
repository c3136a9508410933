import { DiscordInvalidWebhookUrlError } from './discord-errors';

/** A webhook URL taken apart; only `url` and `routeKey` hold the token, and neither is ever printed. */
export interface DiscordWebhookTarget {
  /** the URL to POST to: the configured one plus `wait=true`, other query parameters (thread_id) kept */
  url: string;
  /** id + token: Discord's own rate-limit resource for webhooks (integrations.md §3) */
  routeKey: string;
  /** `/webhooks/<id>/***`, the only form of the URL that goes into errors and logs */
  redacted: string;
}

// `/api/webhooks/…` and `/api/v10/webhooks/…` both route to the same webhook; a trailing slash is tolerated.
const WEBHOOK_PATH = /\/webhooks\/(\d{1,20})\/([^/]+)\/?$/;

export function parseWebhookUrl(raw: string): DiscordWebhookTarget {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // The text is not echoed: a mangled URL may still hold the token.
    throw new DiscordInvalidWebhookUrlError('not an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new DiscordInvalidWebhookUrlError(`unsupported protocol ${url.protocol}`);
  }
  const match = WEBHOOK_PATH.exec(url.pathname);
  if (!match) throw new DiscordInvalidWebhookUrlError('the path does not end in /webhooks/<id>/<token>');
  const [, id, token] = match;
  // Without wait=true Discord answers 204 and a message it could not save goes unnoticed.
  url.searchParams.set('wait', 'true');
  return { url: url.toString(), routeKey: `${id}/${token}`, redacted: `/webhooks/${id}/***` };
}

/** Hides every webhook token in a text (an error from a lower layer may quote the URL). */
export function redactWebhookTokens(text: string): string {
  return text.replace(/\/webhooks\/(\d+)\/[^/?#\s"']+/g, '/webhooks/$1/***');
}
