import { Injectable } from '@nestjs/common';

/**
 * Flipped when the process starts stopping: readiness turns 503 at once (load balancers stop sending
 * work) and schedulers/consumers stop taking new work while in-flight work finishes.
 */
@Injectable()
export class ShutdownState {
  private stopping = false;

  get isShuttingDown(): boolean {
    return this.stopping;
  }

  begin(): void {
    this.stopping = true;
  }
}
