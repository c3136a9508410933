import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MetricsService } from '../../../../platform/observability/metrics.service';

/**
 * `regua_notifications_channel_paused_seconds{channel}`: how long the longest-paused tenant channel has
 * been paused (0 when none is), read from the settings at scrape time by the processes serving the API
 * (the same in each: aggregate with `max`). Alerting on it catches a pause that lasts, not only its start.
 */
@Injectable()
export class PausedChannelsGauge implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly metrics: MetricsService,
  ) {}

  onModuleInit(): void {
    this.metrics.gaugeCollectedByLabels(
      'regua_notifications_channel_paused_seconds',
      'Longest current pause of a tenant channel (WhatsApp instance not open), 0 when none (use max)',
      ['channel'],
      async () => {
        if (!this.dataSource.isInitialized) return [{ labels: { channel: 'whatsapp' }, value: 0 }];
        const [row] = (await this.dataSource.query(
          `SELECT coalesce(extract(epoch FROM now() - min(whatsapp_paused_at)), 0)::float AS seconds
             FROM notification_flow.tenant_settings WHERE whatsapp_paused_at IS NOT NULL`,
        )) as [{ seconds: number }];
        return [{ labels: { channel: 'whatsapp' }, value: row.seconds }];
      },
    );
  }
}
