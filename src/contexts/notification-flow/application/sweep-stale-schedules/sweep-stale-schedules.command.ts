import { Command } from '@nestjs/cqrs';

export interface SweepResult {
  /** `queued` whose message never arrived: planned again, the dispatcher queues them anew */
  requeued: number;
  /** `sending` whose worker died: a new message makes a worker reconcile them with the provider */
  reconciled: number;
}

/**
 * Schedules stuck in `queued` (the message was lost) or `sending` (the worker died and no redelivery
 * came) for NOTIFY_STALE_AFTER_MS are put back on a path that makes progress. A stale `queued` one goes
 * back to `planned`, so the dispatcher re-checks everything and queues it within the throttle; a stale
 * `sending` one may have gone out, so it is never re-planned blindly: a fresh message sends it to its
 * channel worker, which asks the provider first. Safe with several schedulers (`SKIP LOCKED`, and a
 * swept row is fresh again). Dispatched by `StaleSchedulesLoop` every NOTIFY_STALE_SWEEP_INTERVAL_MS.
 */
export class SweepStaleSchedulesCommand extends Command<SweepResult> {
  constructor() {
    super();
  }
}
