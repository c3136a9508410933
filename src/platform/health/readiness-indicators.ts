import { Injectable } from '@nestjs/common';
import type { HealthIndicatorFunction } from '@nestjs/terminus';

/** Other platform modules (the broker, for one) add what readiness must also check. */
@Injectable()
export class ReadinessIndicators {
  private readonly indicators: HealthIndicatorFunction[] = [];

  register(indicator: HealthIndicatorFunction): void {
    this.indicators.push(indicator);
  }

  all(): HealthIndicatorFunction[] {
    return [...this.indicators];
  }
}
