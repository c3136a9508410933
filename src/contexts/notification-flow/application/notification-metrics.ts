import { Injectable } from '@nestjs/common';
import type { Counter, Gauge, Histogram } from 'prom-client';
import { MetricsService } from '../../../platform/observability/metrics.service';
import { CHANNELS, MESSAGE_TYPES, type Channel } from '../domain/cadence';

/** The provider of each channel, as the clients name themselves (`provider` labels). */
const PROVIDERS_BY_CHANNEL: ReadonlyArray<[Channel, readonly string[]]> = [
  ['whatsapp', ['evolution']],
  ['sms', ['assertiva']],
  ['email', ['sendgrid', 'smtp']],
];
const PROVIDER_ERROR_KINDS = ['transient', 'permanent', 'unavailable'] as const;

/** Outcomes counted by `regua_notifications_total`. */
export type NotificationOutcome = 'sent' | 'failed' | 'deferred' | 'skipped' | 'unknown' | 'cancelled';

/** `regua_notifications_*` metrics. Labels hold enumerations only (never ids or phone numbers). */
@Injectable()
export class NotificationMetrics {
  readonly notifications: Counter<'channel' | 'outcome'>;
  readonly sendDuration: Histogram<'channel' | 'provider'>;
  readonly queueLag: Histogram<'channel'>;
  readonly throttled: Counter<'channel'>;
  readonly fallbacks: Counter<'from' | 'to'>;
  readonly providerErrors: Counter<'channel' | 'provider' | 'kind'>;
  readonly channelPaused: Counter<'channel'>;
  readonly channelResumed: Counter<'channel' | 'by'>;
  readonly channelsPaused: Gauge<'channel'>;
  readonly planned: Counter<'type'>;
  readonly deliveryEvents: Counter<'event'>;

  constructor(metrics: MetricsService) {
    this.notifications = metrics.counter(
      'regua_notifications_total',
      'Dunning messages by channel and outcome (sent, failed, deferred, skipped, unknown, cancelled)',
      ['channel', 'outcome'],
      { channel: CHANNELS, outcome: ['sent', 'failed', 'deferred', 'skipped', 'unknown', 'cancelled'] },
    );
    this.sendDuration = metrics.histogram(
      'regua_notifications_send_duration_seconds',
      'Provider call duration per message',
      ['channel', 'provider'],
      [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    );
    this.queueLag = metrics.histogram(
      'regua_notifications_queue_lag_seconds',
      'From the moment a message was due (or queued, when later) to the provider call',
      ['channel'],
      [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900],
    );
    this.throttled = metrics.counter(
      'regua_notifications_throttled_total',
      'Messages held back by a per-minute or per-day throttle (they go out later)',
      ['channel'],
      { channel: CHANNELS },
    );
    this.fallbacks = metrics.counter(
      'regua_notifications_fallbacks_total',
      'Permanent failures moved to the next channel of the step',
      ['from', 'to'],
      { from: CHANNELS, to: CHANNELS },
    );
    this.providerErrors = metrics.counter(
      'regua_notifications_provider_errors_total',
      'Provider failures by kind (transient, permanent, unavailable)',
      ['channel', 'provider', 'kind'],
    );
    // only the pairs that exist (a cross product would export whatsapp × sendgrid)
    for (const [channel, providers] of PROVIDERS_BY_CHANNEL) {
      for (const provider of providers) {
        for (const kind of PROVIDER_ERROR_KINDS) this.providerErrors.inc({ channel, provider, kind }, 0);
      }
    }
    this.channelPaused = metrics.counter(
      'regua_notifications_channel_paused_total',
      'Times a tenant channel was paused (WhatsApp instance not open): alert on increase',
      ['channel'],
      { channel: ['whatsapp'] },
    );
    this.channelResumed = metrics.counter(
      'regua_notifications_channel_resumed_total',
      'Times a paused tenant channel was resumed, by the probe (instance open again) or an operator',
      ['channel', 'by'],
      { channel: ['whatsapp'], by: ['probe', 'operator'] },
    );
    this.channelsPaused = metrics.gauge(
      'regua_notifications_channels_paused',
      'Tenants whose channel is paused now, as the scheduler’s probe last saw it (0 = all sending)',
      ['channel'],
    );
    this.planned = metrics.counter('regua_notifications_planned_total', 'Schedules planned', ['type'], {
      type: MESSAGE_TYPES,
    });
    this.deliveryEvents = metrics.counter(
      'regua_notifications_delivery_events_total',
      'Delivery feedback received (server_ack, delivery_ack, read, reply, opt_out)',
      ['event'],
      { event: ['server_ack', 'delivery_ack', 'read', 'reply', 'opt_out'] },
    );
  }
}
