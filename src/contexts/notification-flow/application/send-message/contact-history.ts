import type { ScheduleRow } from '../ports/sending-schedules.repository';
import type { HistoryRow } from '../ports/sending-schedules.repository';

export type { HistoryRow };

export function historyRow(
  row: ScheduleRow,
  event: string,
  extra: {
    provider?: string | null;
    providerMessageId?: string | null;
    error?: string | null;
    latencyMs?: number;
    detail?: Record<string, unknown>;
  } = {},
): HistoryRow {
  return {
    tenantId: row.tenant_id,
    scheduleId: row.id,
    debtorId: row.debtor_id,
    attempt:
      row.attempts +
      (event === 'sent' || event === 'failed' || event === 'retry' || event === 'unknown' ? 1 : 0),
    channel: row.channel,
    event,
    provider: extra.provider ?? null,
    providerMessageId: extra.providerMessageId ?? null,
    error: extra.error?.slice(0, 2000) ?? null,
    latencyMs: extra.latencyMs ?? null,
    detail: extra.detail ?? {},
  };
}
