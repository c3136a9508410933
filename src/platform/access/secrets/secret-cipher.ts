import { Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { SecretKeyring, type SecretKey } from './secret-key';

export interface SealedSecret {
  ciphertext: Buffer;
  iv: Buffer;
  tag: Buffer;
  keyId: string;
}

const ALGORITHM = 'aes-256-gcm';

/**
 * AES-256-GCM with a random 96-bit IV per value. `context` is authenticated data naming where the
 * value belongs (tenant, system, name), so a ciphertext copied to another row does not decrypt.
 */
export function seal(key: SecretKey, plaintext: string, context: string): SealedSecret {
  const iv = randomBytes(12);
  const cipher = createCipheriv(ALGORITHM, key.bytes, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { ciphertext, iv, tag: cipher.getAuthTag(), keyId: key.id };
}

export function open(key: SecretKey, sealed: SealedSecret, context: string): string {
  if (sealed.keyId !== key.id) {
    throw new Error(
      `A secret was encrypted under key ${sealed.keyId} but the current key is ${key.id}: REGUA_SECRET_KEY changed`,
    );
  }
  const decipher = createDecipheriv(ALGORITHM, key.bytes, sealed.iv);
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(sealed.tag);
  return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8');
}

/** Seals and opens values with the application's secret key. */
@Injectable()
export class SecretCipher {
  constructor(private readonly keyring: SecretKeyring) {}

  async seal(plaintext: string, context: string): Promise<SealedSecret> {
    return seal(await this.keyring.key(), plaintext, context);
  }

  async open(sealed: SealedSecret, context: string): Promise<string> {
    return open(await this.keyring.key(), sealed, context);
  }
}
