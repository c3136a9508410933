import { Injectable } from '@nestjs/common';
import type { Counter, Histogram } from 'prom-client';
import { MetricsService } from '../observability/metrics.service';

export type MessageOutcome =
  'published' | 'consumed' | 'duplicate' | 'retried' | 'dead_lettered' | 'replayed';

/** Message counts per queue (bounded: queue names come from code, never from data). */
@Injectable()
export class MessagingMetrics {
  readonly messages: Counter<'queue' | 'outcome'>;
  readonly handlerDuration: Histogram<'queue'>;

  constructor(readonly metrics: MetricsService) {
    this.messages = metrics.counter(
      'regua_messaging_messages_total',
      'Messages by queue and outcome',
      ['queue', 'outcome'],
      { outcome: ['published', 'consumed', 'duplicate', 'retried', 'dead_lettered', 'replayed'] },
    );
    this.handlerDuration = metrics.histogram(
      'regua_messaging_handler_duration_seconds',
      'Time consumers take to apply a message',
      ['queue'],
    );
  }

  count(queue: string, outcome: MessageOutcome, n = 1): void {
    this.messages.inc({ queue, outcome }, n);
  }
}
