import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig } from '../../../config/load-config';
import { decodeSecretKey, SecretKeyring } from './secret-key';

const keyring = (config: Partial<AppConfig>) => new SecretKeyring(config as AppConfig);

describe('secret key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'regua-key-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('decodes 64 hex characters or base64 to the same 32 bytes', () => {
    const bytes = Buffer.alloc(32, 0xab);
    expect(decodeSecretKey('ab'.repeat(32)).equals(bytes)).toBe(true);
    expect(decodeSecretKey(bytes.toString('base64')).equals(bytes)).toBe(true);
    expect(() => decodeSecretKey('abcd')).toThrow(/32 bytes/);
  });

  it('uses REGUA_SECRET_KEY when set', async () => {
    const key = await keyring({ REGUA_SECRET_KEY: 'ab'.repeat(32), REGUA_MODE: 'live' }).key();
    expect(key.bytes.equals(Buffer.alloc(32, 0xab))).toBe(true);
    expect(key.id).toMatch(/^[0-9a-f]{12}$/);
  });

  it('in demo mode generates one key file (0600) once, even when several processes race for it', async () => {
    const dataDir = join(dir, 'nested', 'data');
    const keys = await Promise.all(
      Array.from({ length: 5 }, () => keyring({ REGUA_MODE: 'demo', REGUA_DATA_DIR: dataDir }).key()),
    );
    expect(new Set(keys.map((k) => k.id)).size).toBe(1);
    const file = join(dataDir, 'secret.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(decodeSecretKey(readFileSync(file, 'utf8')).equals(keys[0]!.bytes)).toBe(true);
    const later = await keyring({ REGUA_MODE: 'demo', REGUA_DATA_DIR: dataDir }).key();
    expect(later.id).toBe(keys[0]!.id);
  });

  it('never generates one in live mode', async () => {
    await expect(keyring({ REGUA_MODE: 'live', REGUA_DATA_DIR: dir }).key()).rejects.toThrow(
      /required in live mode/,
    );
  });
});
