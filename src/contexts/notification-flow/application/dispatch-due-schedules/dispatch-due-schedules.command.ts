import { Command } from '@nestjs/cqrs';

/**
 * One dispatch pass (the scheduler's tick): claims due schedules, checks the stop conditions, business
 * hours, holidays, cooldown, snooze and a paused WhatsApp, and queues what the throttles admit. Resolves
 * to how many messages were queued.
 */
export class DispatchDueSchedulesCommand extends Command<number> {
  constructor(
    /** the pass's clock (tests move it; the scheduler passes none: now) */
    readonly now: Date = new Date(),
  ) {
    super();
  }
}
