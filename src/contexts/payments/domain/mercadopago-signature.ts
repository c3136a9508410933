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

/**
 * Mercado Pago (docs/integrations/payments.md §1): `x-signature: ts=<ts>,v1=<hex>` and `x-request-id`;
 * v1 = HMAC-SHA256(secret, manifest), manifest `id:<data.id>;request-id:<x-request-id>;ts:<ts>;` where
 * data.id comes from the notification URL's query string and is lower-cased when alphanumeric; a value
 * missing from the notification is left out of the manifest. The body itself is not signed.
 */
export function verifyMercadoPagoSignature(
  request: SignedRequest,
  config: VerifierSecrets,
  bodyDataId: string | undefined,
): Verification {
  const header = request.headers['x-signature'];
  if (!header) return rejected('missing_signature');
  const parts = signatureParts(header);
  const ts = parts?.find(([k]) => k === 'ts')?.[1];
  const v1 = parts?.find(([k]) => k === 'v1')?.[1]?.toLowerCase();
  if (!ts || !v1) return rejected('malformed_signature');
  const fresh = withinTolerance(ts, request.now, config.toleranceSeconds);
  if (fresh === null) return rejected('malformed_signature');
  const manifest = mercadoPagoManifest({
    dataId: request.query['data.id'] ?? bodyDataId,
    requestId: request.headers['x-request-id'],
    ts,
  });
  const matches = config.secrets
    .map((secret) => constantTimeEqual(hmacSha256Hex(secret, manifest), v1))
    .includes(true);
  if (!matches) return rejected('bad_signature');
  return fresh ? ok : rejected('stale_timestamp');
}

export function mercadoPagoManifest(values: { dataId?: string; requestId?: string; ts: string }): string {
  const dataId =
    values.dataId && /^[a-z0-9]+$/i.test(values.dataId) ? values.dataId.toLowerCase() : values.dataId;
  return [
    dataId ? `id:${dataId};` : '',
    values.requestId ? `request-id:${values.requestId};` : '',
    `ts:${values.ts};`,
  ].join('');
}
