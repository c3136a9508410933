import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Mode } from '../../../config/env.schema';

/**
 * An API key reads `rg_<mode>_<public id>_<secret>`: the fixed `rg_` start tells keys from JWTs (and
 * lets secret scanners find leaked keys), the mode says which kind of deployment issued it, the
 * public id (16 hex) finds the row, and the secret (32 random bytes, base64url) is stored only as
 * its SHA-256 — enough for a high-entropy secret, where a slow hash would add nothing.
 */
const KEY_FORMAT = /^rg_(live|demo)_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export const API_KEY_START = 'rg_';

export interface NewApiKey {
  publicId: string;
  /** What lists show: `rg_<mode>_<public id>`. */
  prefix: string;
  /** The whole key, shown once. */
  token: string;
  secretHash: Buffer;
}

export interface PresentedApiKey {
  publicId: string;
  prefix: string;
  secretHash: Buffer;
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

export function generateApiKey(mode: Mode): NewApiKey {
  const publicId = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  const prefix = `rg_${mode}_${publicId}`;
  return { publicId, prefix, token: `${prefix}_${secret}`, secretHash: sha256(secret) };
}

export function parseApiKey(token: string): PresentedApiKey | undefined {
  const match = KEY_FORMAT.exec(token);
  if (!match) return undefined;
  const [, mode, publicId, secret] = match as unknown as [string, string, string, string];
  return { publicId, prefix: `rg_${mode}_${publicId}`, secretHash: sha256(secret) };
}

/** Constant-time comparison of the presented secret's hash with the stored one. */
export function secretMatches(presented: PresentedApiKey, storedHash: Buffer): boolean {
  return (
    storedHash.length === presented.secretHash.length && timingSafeEqual(presented.secretHash, storedHash)
  );
}
