import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { UnhandledExceptionBus } from '@nestjs/cqrs';
import type { Subscription } from 'rxjs';
import { MetricsService } from '../observability/metrics.service';

/**
 * @nestjs/cqrs event handlers run fire-and-forget: an error would vanish. Every one is logged with
 * the event that caused it and counted.
 */
@Injectable()
export class CqrsErrorMonitor implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('CQRS');
  private subscription?: Subscription;
  private readonly errors;

  constructor(
    private readonly bus: UnhandledExceptionBus,
    metrics: MetricsService,
  ) {
    this.errors = metrics.counter(
      'regua_cqrs_unhandled_errors_total',
      'Errors thrown by CQRS event handlers',
      ['event'],
    );
  }

  onModuleInit(): void {
    this.subscription = this.bus.subscribe(({ cause, exception }) => {
      const event = (cause as object | undefined)?.constructor?.name ?? 'unknown';
      const metadata = (cause as { metadata?: { correlationId?: string; id?: string } } | undefined)
        ?.metadata;
      this.errors.inc({ event });
      this.logger.error(
        { err: exception, event, eventId: metadata?.id, correlationId: metadata?.correlationId },
        `Event handler failed for ${event}`,
      );
    });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }
}
