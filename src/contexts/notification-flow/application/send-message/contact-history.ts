import type { EntityManager } from 'typeorm';
import type { ScheduleRow } from './sending-batch';

/** One line of a debtor's contact history (what happened to one attempt of one schedule). */
export interface HistoryRow {
  tenantId: string;
  scheduleId: string;
  debtorId: string;
  attempt: number;
  channel: string;
  event: string;
  provider: string | null;
  providerMessageId: string | null;
  error: string | null;
  latencyMs: number | null;
  detail: Record<string, unknown>;
}

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

export async function insertHistory(tx: EntityManager, rows: HistoryRow[]): Promise<void> {
  if (rows.length === 0) return;
  const col = <K extends keyof HistoryRow>(k: K) => rows.map((r) => r[k]);
  await tx.query(
    `INSERT INTO notification_flow.contact_history
       (tenant_id, schedule_id, debtor_id, attempt, channel, event, provider, provider_message_id, error, latency_ms, detail)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[],
                          $9::text[], $10::int[], $11::jsonb[])`,
    [
      col('tenantId'),
      col('scheduleId'),
      col('debtorId'),
      col('attempt'),
      col('channel'),
      col('event'),
      col('provider'),
      col('providerMessageId'),
      col('error'),
      col('latencyMs'),
      rows.map((r) => JSON.stringify(r.detail)),
    ],
  );
}
