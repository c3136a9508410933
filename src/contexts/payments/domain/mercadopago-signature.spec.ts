import { createHmac } from 'node:crypto';
import { mercadoPagoManifest, verifyMercadoPagoSignature } from './mercadopago-signature';
import type { SignedRequest } from './verification';

const SECRET = 'mp-webhook-secret';
const NOW = 1_704_908_010; // the `ts` of Mercado Pago's documented example header
const REQUEST_ID = 'bb56a2f1-6aae-46ac-982e-9dcd3581d08e';

const hmac = (manifest: string, secret = SECRET) =>
  createHmac('sha256', secret).update(manifest).digest('hex');
const request = (
  headers: Record<string, string | undefined>,
  query: Record<string, string> = {},
): SignedRequest => ({
  rawBody: Buffer.from('{"type":"payment","data":{"id":"123456"}}'),
  headers,
  query,
  now: NOW,
});
const config = { secrets: [SECRET], toleranceSeconds: 300 };

describe('Mercado Pago manifest (documented template)', () => {
  it('is id:<data.id>;request-id:<x-request-id>;ts:<ts>; with the trailing semicolon', () => {
    expect(mercadoPagoManifest({ dataId: '123456', requestId: REQUEST_ID, ts: '1704908010' })).toBe(
      `id:123456;request-id:${REQUEST_ID};ts:1704908010;`,
    );
  });
  it('lower-cases an alphanumeric data.id, and leaves out what the notification lacks', () => {
    expect(mercadoPagoManifest({ dataId: 'ORD01ABC', requestId: 'r', ts: '1' })).toBe(
      'id:ord01abc;request-id:r;ts:1;',
    );
    expect(mercadoPagoManifest({ ts: '1' })).toBe('ts:1;');
  });
});

describe('verifyMercadoPagoSignature', () => {
  const manifest = `id:123456;request-id:${REQUEST_ID};ts:${NOW};`;
  const signed = { 'x-signature': `ts=${NOW},v1=${hmac(manifest)}`, 'x-request-id': REQUEST_ID };

  it('accepts a signature over the manifest, data.id read from the URL query', () => {
    expect(verifyMercadoPagoSignature(request(signed, { 'data.id': '123456' }), config, '999')).toEqual({
      ok: true,
    });
  });
  it('falls back to the body’s data.id when the URL has none', () => {
    expect(verifyMercadoPagoSignature(request(signed), config, '123456')).toEqual({ ok: true });
  });
  it('accepts spaces around the parts, as the header is often sent', () => {
    const spaced = { ...signed, 'x-signature': `ts=${NOW}, v1=${hmac(manifest)}` };
    expect(verifyMercadoPagoSignature(request(spaced, { 'data.id': '123456' }), config, undefined).ok).toBe(
      true,
    );
  });
  it.each([
    ['another data.id', { 'data.id': '123457' }, signed, 'bad_signature'],
    ['another request id', { 'data.id': '123456' }, { ...signed, 'x-request-id': 'other' }, 'bad_signature'],
    ['no x-signature', { 'data.id': '123456' }, { 'x-request-id': REQUEST_ID }, 'missing_signature'],
    ['no v1', { 'data.id': '123456' }, { ...signed, 'x-signature': `ts=${NOW}` }, 'malformed_signature'],
  ])('refuses %s', (_what, query, headers, reason) => {
    expect(verifyMercadoPagoSignature(request(headers, query), config, undefined)).toEqual({
      ok: false,
      reason,
    });
  });
  it('refuses a stale ts (seconds or milliseconds)', () => {
    for (const ts of [NOW - 600, (NOW - 600) * 1000]) {
      const m = `id:123456;request-id:${REQUEST_ID};ts:${ts};`;
      const headers = { 'x-signature': `ts=${ts},v1=${hmac(m)}`, 'x-request-id': REQUEST_ID };
      expect(
        verifyMercadoPagoSignature(request(headers, { 'data.id': '123456' }), config, undefined),
      ).toEqual({
        ok: false,
        reason: 'stale_timestamp',
      });
    }
  });
});
