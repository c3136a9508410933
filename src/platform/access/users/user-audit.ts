import { Logger } from '@nestjs/common';

/**
 * Changes to users, as structured log entries (the platform keeps no audit table): who did what to
 * whom, never a password or hash.
 */
export class UserAudit {
  private static readonly logger = new Logger('AccessAudit');

  static record(
    event: 'user.updated' | 'user.deleted' | 'user.password_reset' | 'user.password_changed',
    entry: { tenantId: string; actor: string; userId: string; change?: Record<string, unknown> },
  ): void {
    UserAudit.logger.log({ audit: event, ...entry }, `${event}: ${entry.userId} by ${entry.actor}`);
  }
}
