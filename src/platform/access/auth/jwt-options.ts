import { Logger } from '@nestjs/common';
import type { JwtModuleOptions } from '@nestjs/jwt';
import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../../../config/load-config';

export const JWT_ISSUER = 'regua';

/**
 * HS256 under JWT_SECRET. Live mode cannot start without it; demo mode without it signs with a
 * random per-process secret, so its tokens die with the process (and are not shared by replicas).
 */
export function jwtOptions(config: AppConfig): JwtModuleOptions {
  let secret = config.JWT_SECRET;
  if (!secret) {
    secret = randomBytes(48).toString('base64url');
    new Logger('Access').warn(
      'JWT_SECRET is not set: login tokens are signed with a random key made at start and stop working when this process stops',
    );
  }
  return {
    secret,
    signOptions: { algorithm: 'HS256', expiresIn: config.JWT_TTL_SECONDS, issuer: JWT_ISSUER },
    verifyOptions: { algorithms: ['HS256'], issuer: JWT_ISSUER },
  };
}
