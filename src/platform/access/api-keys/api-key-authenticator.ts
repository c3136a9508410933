import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '../../../config/config.module';
import type { AppConfig } from '../../../config/load-config';
import { IpNotAllowedError, RateLimitedError, UnauthenticatedError } from '../access.errors';
import type { Principal, UserRole } from '../auth.decorators';
import { RateLimiter } from '../rate-limiting/rate-limiter';
import { ipAllowed } from './ip-allow-list';
import { parseApiKey, secretMatches } from './api-key-token';
import { ApiKeyStore } from './api-key.store';

const LAST_USED_RESOLUTION_MS = 60_000;

/** A key acts as an operator (e.g. dry runs only) unless it holds the `admin` scope. */
const roleOfScopes = (scopes: readonly string[]): UserRole =>
  scopes.includes('admin') ? 'admin' : 'operator';

/**
 * Turns a presented API key into a principal: known, secret matches (constant time), not revoked,
 * not expired (401 for all of these, without saying which), caller address allowed (403), and within
 * the per-key rate limit (429).
 */
@Injectable()
export class ApiKeyAuthenticator {
  private readonly logger = new Logger('ApiKeys');

  constructor(
    private readonly keys: ApiKeyStore,
    private readonly limiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async authenticate(token: string, clientIp: string): Promise<Principal> {
    const presented = parseApiKey(token);
    if (!presented) throw new UnauthenticatedError();
    const key = await this.keys.credential(presented.publicId);
    if (!key || key.prefix !== presented.prefix || !secretMatches(presented, key.secretHash)) {
      throw new UnauthenticatedError();
    }
    if (key.revokedAt || key.expired) throw new UnauthenticatedError();
    if (!ipAllowed(clientIp, key.allowedIps)) throw new IpNotAllowedError();

    const hit = await this.limiter.hit(
      RateLimiter.bucket('api_key', key.id),
      this.config.API_KEY_RATE_LIMIT_PER_MINUTE,
      60,
    );
    if (!hit.allowed) throw new RateLimitedError(hit.retryAfterSeconds);

    if (!key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      this.keys
        .touch(key.id)
        .catch((err: unknown) => this.logger.warn({ err }, 'Could not record when an API key was last used'));
    }
    return {
      kind: 'api_key',
      tenantId: key.tenantId,
      role: roleOfScopes(key.scopes),
      scopes: key.scopes,
      apiKeyId: key.id,
    };
  }
}
