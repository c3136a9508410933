import { QueryBus, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { GetTenantQuery } from '../../../../platform/access/contracts';
import { OperatorReadModel } from '../ports/operator-read-model';
import type { DayChannelStats, NotificationStats } from '../ports/operator-views';
import { GetNotificationStatsQuery } from './get-notification-stats.query';

@QueryHandler(GetNotificationStatsQuery)
export class GetNotificationStatsHandler implements IQueryHandler<
  GetNotificationStatsQuery,
  NotificationStats
> {
  constructor(
    private readonly reads: OperatorReadModel,
    private readonly queries: QueryBus,
  ) {}

  async execute({ metadata, from, to }: GetNotificationStatsQuery): Promise<NotificationStats> {
    const tenantId = metadata.tenantId;
    const tenant = await this.queries.execute(new GetTenantQuery(tenantId));
    const timeZone = tenant?.timeZone ?? 'America/Sao_Paulo';
    const byKey = new Map<string, DayChannelStats>();
    for (const r of await this.reads.statCounts(tenantId, { from, to }, timeZone)) {
      const key = `${r.day}/${r.channel}`;
      let entry = byKey.get(key);
      if (!entry) {
        entry = {
          day: r.day,
          channel: r.channel,
          sent: 0,
          failed: 0,
          deferred: 0,
          skipped: 0,
          missed: 0,
          unknown: 0,
        };
        byKey.set(key, entry);
      }
      entry[r.event] += r.n;
    }
    const pending: Record<string, number> = { planned: 0, deferred: 0, queued: 0, sending: 0 };
    for (const r of await this.reads.pendingCounts(tenantId)) pending[r.status] = r.n;
    return { from, to, timeZone, days: [...byKey.values()], pending };
  }
}
