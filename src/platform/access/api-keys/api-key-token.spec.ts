import { createHash } from 'node:crypto';
import { generateApiKey, parseApiKey, secretMatches } from './api-key-token';

describe('API key format', () => {
  it('reads rg_<mode>_<public id>_<secret> and stores only the secret hash', () => {
    const key = generateApiKey('live');
    expect(key.token).toMatch(/^rg_live_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(key.token.startsWith(`${key.prefix}_`)).toBe(true);
    const secret = key.token.slice(key.prefix.length + 1);
    expect(key.secretHash.equals(createHash('sha256').update(secret).digest())).toBe(true);

    const presented = parseApiKey(key.token);
    expect(presented).toMatchObject({ publicId: key.publicId, prefix: key.prefix });
    expect(secretMatches(presented!, key.secretHash)).toBe(true);
  });

  it('never issues the same key twice', () => {
    const tokens = new Set(Array.from({ length: 200 }, () => generateApiKey('demo').token));
    expect(tokens.size).toBe(200);
  });

  it.each([
    'rg_test_0123456789abcdef_' + 'a'.repeat(43),
    'rg_live_0123456789ABCDEF_' + 'a'.repeat(43),
    'rg_live_0123456789abcdef_' + 'a'.repeat(42),
    'rg_live_0123456789abcdef_' + 'a'.repeat(42) + '=',
    'eyJhbGciOiJIUzI1NiJ9.e30.sig',
    '',
  ])('refuses %j', (token) => {
    expect(parseApiKey(token)).toBeUndefined();
  });

  it('refuses a wrong secret for the right public id', () => {
    const key = generateApiKey('demo');
    const other = parseApiKey(`${key.prefix}_${'b'.repeat(43)}`);
    expect(secretMatches(other!, key.secretHash)).toBe(false);
    expect(secretMatches(other!, Buffer.alloc(8))).toBe(false);
  });
});
