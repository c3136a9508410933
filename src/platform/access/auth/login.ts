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

/** One address may fail this many times more than one account from it (offices share an address). */
const ADDRESS_FAILURE_FACTOR = 5;
/** Every attempt from one address, successful or not, is capped too (credential stuffing succeeds now and then). */
const ADDRESS_ATTEMPT_FACTOR = 20;

const INVALID = 'Invalid email or password (if the email belongs to several tenants, also send "tenant")';

/**
 * Password login. The answer never tells an unknown e-mail from a wrong password: both are the same
 * 401, and both pay for one scrypt verification.
 *
 * Brute force is limited the way identity providers do it, so that nobody can lock a user out by
 * failing on purpose: failures count per account *and* client address, so an attacker only locks
 * their own address out of that account while the user, from anywhere else, still logs in. One
 * address is further limited in failures across all accounts (password spraying) and in attempts of
 * any outcome. A successful login gives its failure hits back; its attempt hit stays.
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

    const address = normalizeClientIp(clientIp);
    const account = user ? [user.id] : [input.tenant ?? '', email];
    const accountFailures = RateLimiter.bucket('login_account_address', address, ...account);
    const addressFailures = RateLimiter.bucket('login_address', address);
    const { LOGIN_MAX_ATTEMPTS: max, LOGIN_WINDOW_SECONDS: window } = this.config;
    const hits = [
      await this.limiter.hit(accountFailures, max, window),
      await this.limiter.hit(addressFailures, max * ADDRESS_FAILURE_FACTOR, window),
      await this.limiter.hit(
        RateLimiter.bucket('login_address_attempts', address),
        max * ADDRESS_ATTEMPT_FACTOR,
        window,
      ),
    ];
    const blocked = hits.filter((hit) => !hit.allowed);
    if (blocked.length > 0) {
      this.metrics.login('rate_limited');
      throw new RateLimitedError(Math.max(...blocked.map((hit) => hit.retryAfterSeconds)));
    }

    const matches = await verifyPassword(input.password, user?.passwordHash ?? (await this.hashToWaste()));
    if (!user || !matches) {
      this.metrics.login('invalid_credentials');
      throw new UnauthenticatedError(INVALID);
    }
    await this.limiter.refund(accountFailures);
    await this.limiter.refund(addressFailures);
    this.metrics.login('success');
    return this.tokens.issue(user);
  }

  /** Verified against when there is no user, so a missing account costs as much time as a real one. */
  private hashToWaste(): Promise<string> {
    this.dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
    return this.dummyHash;
  }
}
