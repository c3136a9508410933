import { randomBytes } from 'node:crypto';
import { open, seal } from './secret-cipher';
import { secretKeyOf } from './secret-key';

describe('secret cipher (AES-256-GCM)', () => {
  const key = secretKeyOf(randomBytes(32));

  it('round-trips, with a fresh IV each time and no plaintext in the ciphertext', () => {
    const one = seal(key, 'token-ção-123', 'tenant/ixc/token');
    const two = seal(key, 'token-ção-123', 'tenant/ixc/token');
    expect(one.iv).toHaveLength(12);
    expect(one.tag).toHaveLength(16);
    expect(one.iv.equals(two.iv)).toBe(false);
    expect(one.ciphertext.toString('utf8')).not.toContain('token');
    expect(open(key, one, 'tenant/ixc/token')).toBe('token-ção-123');
  });

  it('refuses a value moved to another place, or tampered with', () => {
    const sealed = seal(key, 'secret', 'tenant-a/ixc/token');
    expect(() => open(key, sealed, 'tenant-b/ixc/token')).toThrow();
    const flipped = Buffer.from(sealed.ciphertext);
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() => open(key, { ...sealed, ciphertext: flipped }, 'tenant-a/ixc/token')).toThrow();
  });

  it('says so when the key changed', () => {
    const sealed = seal(key, 'secret', 'x');
    expect(() => open(secretKeyOf(randomBytes(32)), sealed, 'x')).toThrow(/REGUA_SECRET_KEY changed/);
  });
});
