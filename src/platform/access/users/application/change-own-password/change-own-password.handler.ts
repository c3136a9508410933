import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { APP_CONFIG } from '../../../../../config/config.module';
import type { AppConfig } from '../../../../../config/load-config';
import { RateLimitedError, UnauthenticatedError, WrongCurrentPasswordError } from '../../../access.errors';
import { AccessTokens, type IssuedToken } from '../../../auth/access-tokens';
import { hashPassword, verifyPassword } from '../../../password-hasher';
import { RateLimiter } from '../../../rate-limiting/rate-limiter';
import { UserAudit } from '../../user-audit';
import { checkPassword } from '../../user-input';
import { UserStore } from '../../user.store';
import { ChangeOwnPasswordCommand } from './change-own-password.command';

@CommandHandler(ChangeOwnPasswordCommand)
export class ChangeOwnPasswordHandler implements ICommandHandler<ChangeOwnPasswordCommand, IssuedToken> {
  constructor(
    private readonly users: UserStore,
    private readonly tokens: AccessTokens,
    private readonly limiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(command: ChangeOwnPasswordCommand): Promise<IssuedToken> {
    const { userId } = command;
    const tenantId = command.metadata.tenantId;
    checkPassword(command.newPassword);
    // A stolen token must not become a way to guess the current password: wrong guesses are limited
    // like logins.
    const guesses = RateLimiter.bucket('password_change', userId);
    const hit = await this.limiter.hit(
      guesses,
      this.config.LOGIN_MAX_ATTEMPTS,
      this.config.LOGIN_WINDOW_SECONDS,
    );
    if (!hit.allowed) throw new RateLimitedError(hit.retryAfterSeconds);

    const currentHash = await this.users.passwordHash(tenantId, userId);
    if (!currentHash) throw new UnauthenticatedError();
    if (!(await verifyPassword(command.currentPassword, currentHash))) throw new WrongCurrentPasswordError();
    await this.limiter.refund(guesses);

    const updated = await this.users.setPassword(tenantId, userId, await hashPassword(command.newPassword));
    if (!updated) throw new UnauthenticatedError();
    UserAudit.record('user.password_changed', { tenantId, actor: `user:${userId}`, userId });
    return this.tokens.issue({ id: userId, tenantId, ...updated });
  }
}
