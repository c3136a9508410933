/** Why a delivery was refused before anything was stored. */
export type Rejection = 'missing_signature' | 'malformed_signature' | 'bad_signature' | 'stale_timestamp';

export type Verification = { ok: true } | { ok: false; reason: Rejection };

/** What a verifier reads from the request: the bytes exactly as received, and headers/query as sent. */
export interface SignedRequest {
  rawBody: Buffer;
  /** lower-case header names */
  headers: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
  /** unix seconds */
  now: number;
}

export interface VerifierSecrets {
  /** the current secret (HMAC key, or Asaas' access token) and, during a rotation, the previous one */
  secrets: string[];
  toleranceSeconds: number;
}

export const ok: Verification = { ok: true };
export const rejected = (reason: Rejection): Verification => ({ ok: false, reason });

/** A timestamp in seconds or (as some senders do) milliseconds, within `tolerance` of `now`. */
export function withinTolerance(timestamp: string, now: number, toleranceSeconds: number): boolean | null {
  if (!/^\d{1,16}$/.test(timestamp)) return null;
  let seconds = Number(timestamp);
  if (seconds > 1e11) seconds = Math.floor(seconds / 1000);
  return Math.abs(now - seconds) <= toleranceSeconds;
}

/** `k1=v1,k2=v2,…` → entries in order (a key may repeat: several `v1` during a rotation). */
export function signatureParts(header: string): Array<[string, string]> | null {
  if (header.length > 2048) return null;
  const parts: Array<[string, string]> = [];
  for (const item of header.split(',')) {
    const at = item.indexOf('=');
    if (at <= 0) return null;
    parts.push([item.slice(0, at).trim(), item.slice(at + 1).trim()]);
  }
  return parts;
}
