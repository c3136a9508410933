import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { APP_CONFIG } from '../../../config/config.module';
import type { AppConfig } from '../../../config/load-config';
import { AccessMetrics } from '../access-metrics';
import { RateLimitedError, UnauthenticatedError } from '../access.errors';
import { normalizeClientIp } from '../api-keys/ip-allow-list';
import { hashPassword, verifyPassword } from '../password-hasher';
import { RateLimiter } from '../rate-limiting/rate-limiter';
import { UserStore } from '../users/user.store';
import { AccessTokens, type IssuedToken } from './access-tokens';

/** One address may fail this many times more than one account (offices share an address). */
const LOGIN_ADDRESS_FACTOR = 5;

const INVALID = 'Invalid email or password (if the email belongs to several tenants, also send "tenant")';

/**
 * Password login. The answer never tells an unknown e-mail from a wrong password: both are the same
 * 401, and both pay for one scrypt verification. Failed attempts are limited per account (e-mail +
 * tenant) and per client address; a successful login gives its attempt back.
 */
@Injectable()
export class Login {
  private dummyHash?: Promise<string>;

  constructor(
    private readonly users: UserStore,
    private readonly tokens: AccessTokens,
    private readonly limiter: RateLimiter,
    private readonly metrics: AccessMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(
    input: { email: string; password: string; tenant?: string },
    clientIp: string,
  ): Promise<IssuedToken> {
    const email = input.email.trim().toLowerCase();
    const candidates = await this.users.loginCandidates(email, input.tenant);
    const user = candidates.length === 1 ? candidates[0] : undefined;

    const accountBucket = user
      ? RateLimiter.bucket('login_account', user.id)
      : RateLimiter.bucket('login_account', input.tenant ?? '', email);
    const addressBucket = RateLimiter.bucket('login_address', normalizeClientIp(clientIp));
    const { LOGIN_MAX_ATTEMPTS: max, LOGIN_WINDOW_SECONDS: window } = this.config;
    const account = await this.limiter.hit(accountBucket, max, window);
    const address = await this.limiter.hit(addressBucket, max * LOGIN_ADDRESS_FACTOR, window);
    const blocked = [account, address].filter((hit) => !hit.allowed);
    if (blocked.length > 0) {
      this.metrics.login('rate_limited');
      throw new RateLimitedError(Math.max(...blocked.map((hit) => hit.retryAfterSeconds)));
    }

    const matches = await verifyPassword(input.password, user?.passwordHash ?? (await this.hashToWaste()));
    if (!user || !matches) {
      this.metrics.login('invalid_credentials');
      throw new UnauthenticatedError(INVALID);
    }
    await this.limiter.refund(accountBucket);
    await this.limiter.refund(addressBucket);
    this.metrics.login('success');
    return this.tokens.issue(user);
  }

  /** Verified against when there is no user, so a missing account costs as much time as a real one. */
  private hashToWaste(): Promise<string> {
    this.dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
    return this.dummyHash;
  }
}
