import { constantTimeEqual } from './constant-time';
import { ok, rejected, type SignedRequest, type Verification, type VerifierSecrets } from './verification';

/**
 * Asaas (docs/integrations/payments.md §2) signs nothing: the webhook's authToken, chosen when the webhook
 * is created, comes back unchanged in the `asaas-access-token` header and is compared in constant time.
 * There is no timestamp to check; replays are refused by the stored event ids alone.
 */
export function verifyAsaasToken(request: SignedRequest, config: VerifierSecrets): Verification {
  const token = request.headers['asaas-access-token'];
  if (!token) return rejected('missing_signature');
  const matches = config.secrets.map((secret) => constantTimeEqual(secret, token)).includes(true);
  return matches ? ok : rejected('bad_signature');
}
