import { verifyAsaasToken } from './asaas-token';

const TOKEN = 'a-32-characters-or-longer-auth-token';
const request = (token: string | undefined) => ({
  rawBody: Buffer.from('{}'),
  headers: { 'asaas-access-token': token },
  query: {},
  now: 0,
});

describe('verifyAsaasToken', () => {
  it('accepts the token configured on the webhook, unchanged', () => {
    expect(verifyAsaasToken(request(TOKEN), { secrets: [TOKEN], toleranceSeconds: 300 })).toEqual({
      ok: true,
    });
  });
  it.each([
    ['missing', undefined, 'missing_signature'],
    ['different', `${TOKEN}x`, 'bad_signature'],
    ['a prefix', TOKEN.slice(0, 10), 'bad_signature'],
    ['another case', TOKEN.toUpperCase(), 'bad_signature'],
  ])('refuses a %s token', (_what, token, reason) => {
    expect(verifyAsaasToken(request(token), { secrets: [TOKEN], toleranceSeconds: 300 })).toEqual({
      ok: false,
      reason,
    });
  });
  it('accepts the previous token during a rotation', () => {
    expect(
      verifyAsaasToken(request('old-token'), { secrets: [TOKEN, 'old-token'], toleranceSeconds: 300 }).ok,
    ).toBe(true);
  });
});
