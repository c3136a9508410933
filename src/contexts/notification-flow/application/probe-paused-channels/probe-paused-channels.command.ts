import { Command } from '@nestjs/cqrs';

export interface ProbePausedChannelsResult {
  /** tenants whose paused WhatsApp was probed */
  probed: number;
  /** of those, resumed because their instance is `open` again */
  resumed: number;
}

/**
 * Asks Evolution for the `connectionState` of every paused tenant's instance and resumes those that are
 * `open` again. A scheduler task across all tenants (so it carries no tenant): without it a paused
 * channel would stay paused, as no WhatsApp message is queued while it is.
 */
export class ProbePausedChannelsCommand extends Command<ProbePausedChannelsResult> {}
