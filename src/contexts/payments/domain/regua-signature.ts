import { constantTimeEqual, hmacSha256Hex } from './constant-time';
import {
  ok,
  rejected,
  signatureParts,
  withinTolerance,
  type SignedRequest,
  type Verification,
  type VerifierSecrets,
} from './verification';

export const REGUA_SIGNATURE_HEADER = 'x-regua-signature';

/**
 * Régua's own scheme, Stripe's (docs/integrations/payments.md §3): `X-Regua-Signature: t=<unix>,v1=<hex>`,
 * v1 = HMAC-SHA256(secret, "<t>.<raw body>"). Several v1 may be sent while a sender rotates its secret,
 * and Régua may hold two secrets (current, previous): any pair that matches is accepted. Unknown schemes
 * (v0, …) are ignored, as Stripe's libraries do.
 */
export function verifyReguaSignature(request: SignedRequest, config: VerifierSecrets): Verification {
  const header = request.headers[REGUA_SIGNATURE_HEADER];
  if (!header) return rejected('missing_signature');
  const parts = signatureParts(header);
  const timestamps = parts?.filter(([k]) => k === 't').map(([, v]) => v) ?? [];
  const signatures = parts?.filter(([k]) => k === 'v1').map(([, v]) => v.toLowerCase()) ?? [];
  if (timestamps.length !== 1 || signatures.length === 0 || signatures.length > 8)
    return rejected('malformed_signature');
  const t = timestamps[0]!;
  const fresh = withinTolerance(t, request.now, config.toleranceSeconds);
  if (fresh === null) return rejected('malformed_signature');
  const matches = config.secrets.some((secret) => {
    const expected = signReguaPayload(secret, t, request.rawBody);
    // every candidate is compared (no early exit) so timing says nothing about which one matched
    return signatures.map((s) => constantTimeEqual(expected, s)).includes(true);
  });
  if (!matches) return rejected('bad_signature');
  // checked after the signature, so a forged timestamp can never pass for merely stale
  return fresh ? ok : rejected('stale_timestamp');
}

/** The v1 signature of a payload; senders (and tests, the benchmark) sign with it. */
export function signReguaPayload(secret: string, timestamp: string, rawBody: Buffer | string): string {
  return hmacSha256Hex(secret, `${timestamp}.`, rawBody);
}

export function reguaSignatureHeader(secrets: string[], timestamp: number, rawBody: Buffer | string): string {
  return [
    `t=${timestamp}`,
    ...secrets.map((s) => `v1=${signReguaPayload(s, String(timestamp), rawBody)}`),
  ].join(',');
}
