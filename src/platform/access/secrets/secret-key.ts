import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { APP_CONFIG } from '../../../config/config.module';
import type { AppConfig } from '../../../config/load-config';

export interface SecretKey {
  /** A short fingerprint stored with each ciphertext, so a changed key is reported as such. */
  id: string;
  bytes: Buffer;
}

const SECRET_KEY_FILE = 'secret.key';

/** REGUA_SECRET_KEY is 64 hex characters or 44 base64 characters; both decode to 32 bytes. */
export function decodeSecretKey(text: string): Buffer {
  const trimmed = text.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : Buffer.from(trimmed, 'base64');
  if (bytes.length !== 32) throw new Error('The secret key must be 32 bytes (64 hex characters or base64)');
  return bytes;
}

export function secretKeyOf(bytes: Buffer): SecretKey {
  return { id: createHash('sha256').update(bytes).digest('hex').slice(0, 12), bytes };
}

/**
 * The key that encrypts secrets at rest. Live mode always has REGUA_SECRET_KEY (config refuses to
 * start without it). Demo mode without it generates one on first use and keeps it in
 * `${REGUA_DATA_DIR}/secret.key` (mode 0600), so stored secrets survive restarts.
 */
@Injectable()
export class SecretKeyring {
  private readonly logger = new Logger('Secrets');
  private current?: Promise<SecretKey>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  key(): Promise<SecretKey> {
    this.current ??= this.load();
    return this.current;
  }

  private async load(): Promise<SecretKey> {
    if (this.config.REGUA_SECRET_KEY) return secretKeyOf(decodeSecretKey(this.config.REGUA_SECRET_KEY));
    if (this.config.REGUA_MODE === 'live') throw new Error('REGUA_SECRET_KEY is required in live mode');
    const file = join(this.config.REGUA_DATA_DIR, SECRET_KEY_FILE);
    try {
      return secretKeyOf(decodeSecretKey(await readFile(file, 'utf8')));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    await mkdir(this.config.REGUA_DATA_DIR, { recursive: true });
    try {
      // 'wx' fails if another process created it meanwhile; then that one's key is the key.
      await writeFile(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
      await chmod(file, 0o600);
      this.logger.warn(`Generated the demo secret key ${file}; set REGUA_SECRET_KEY outside demo mode`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    return secretKeyOf(decodeSecretKey(await readFile(file, 'utf8')));
  }
}
