import { createHmac } from 'node:crypto';
import { reguaSignatureHeader, verifyReguaSignature } from './regua-signature';
import type { SignedRequest } from './verification';

const SECRET = 'whsec_current';
const OLD = 'whsec_previous';
const NOW = 1_764_770_400;
const BODY = Buffer.from(
  '{"id":"evt_1","type":"payment.received","data":{"paymentId":"p1","amountCents":100}}',
);

/** Stripe's documented recipe, computed by hand: hex HMAC-SHA256 of "<t>.<raw body>". */
const stripeRecipe = (secret: string, t: number, body: Buffer) =>
  createHmac('sha256', secret)
    .update(`${t}.${body.toString('utf8')}`)
    .digest('hex');

const request = (header: string | undefined, body = BODY, now = NOW): SignedRequest => ({
  rawBody: body,
  headers: { 'x-regua-signature': header },
  query: {},
  now,
});
const config = { secrets: [SECRET], toleranceSeconds: 300 };

describe('verifyReguaSignature (Stripe scheme)', () => {
  it('accepts the signature Stripe’s recipe gives, and the header the helper builds', () => {
    const v1 = stripeRecipe(SECRET, NOW, BODY);
    expect(verifyReguaSignature(request(`t=${NOW},v1=${v1}`), config)).toEqual({ ok: true });
    expect(verifyReguaSignature(request(reguaSignatureHeader([SECRET], NOW, BODY)), config)).toEqual({
      ok: true,
    });
  });

  it.each([
    ['no header', undefined, 'missing_signature'],
    ['no timestamp', `v1=${'a'.repeat(64)}`, 'malformed_signature'],
    ['no v1 (only an unknown scheme)', `t=${NOW},v0=${'a'.repeat(64)}`, 'malformed_signature'],
    ['a non-numeric timestamp', `t=soon,v1=${'a'.repeat(64)}`, 'malformed_signature'],
    ['two timestamps', `t=${NOW},t=${NOW},v1=${'a'.repeat(64)}`, 'malformed_signature'],
    ['garbage', 'garbage', 'malformed_signature'],
    ['a wrong signature', `t=${NOW},v1=${'0'.repeat(64)}`, 'bad_signature'],
    ['a truncated signature', `t=${NOW},v1=${stripeRecipe(SECRET, NOW, BODY).slice(0, 63)}`, 'bad_signature'],
  ])('refuses %s', (_what, header, reason) => {
    expect(verifyReguaSignature(request(header), config)).toEqual({ ok: false, reason });
  });

  it('refuses a body changed by one byte, and a signature moved to another timestamp', () => {
    const header = reguaSignatureHeader([SECRET], NOW, BODY);
    const changed = Buffer.from(BODY);
    changed[changed.length - 2] = 0x31; // 100 → 101
    expect(verifyReguaSignature(request(header, changed), config)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    const moved = header.replace(`t=${NOW}`, `t=${NOW + 1}`);
    expect(verifyReguaSignature(request(moved), config)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it.each([
    [NOW - 301, 'stale_timestamp'],
    [NOW + 301, 'stale_timestamp'],
    [NOW - 300, null],
    [NOW + 299, null],
  ])('tolerance 5 min: signed at %i', (t, reason) => {
    const verdict = verifyReguaSignature(request(reguaSignatureHeader([SECRET], t, BODY)), config);
    expect(verdict).toEqual(reason ? { ok: false, reason } : { ok: true });
  });

  it('a stale timestamp with a forged signature is a bad signature, not merely stale', () => {
    expect(verifyReguaSignature(request(`t=${NOW - 9999},v1=${'0'.repeat(64)}`), config)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('during a rotation: several v1 from the sender, two secrets held by Régua', () => {
    const both = reguaSignatureHeader([OLD, SECRET], NOW, BODY);
    expect(verifyReguaSignature(request(both), config)).toEqual({ ok: true });
    const oldOnly = reguaSignatureHeader([OLD], NOW, BODY);
    expect(verifyReguaSignature(request(oldOnly), config).ok).toBe(false);
    expect(verifyReguaSignature(request(oldOnly), { ...config, secrets: [SECRET, OLD] })).toEqual({
      ok: true,
    });
  });
});
