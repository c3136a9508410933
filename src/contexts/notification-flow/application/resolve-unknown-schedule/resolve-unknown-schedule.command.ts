import { Command } from '../../../../shared/ddd/command';

export const RESOLUTIONS = ['mark_sent', 'resend'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

export interface ResolvedSchedule {
  id: string;
  status: 'sent' | 'planned';
  action: Resolution;
}

/**
 * An operator settles a schedule whose outcome is `unknown` (the provider could not tell whether it was
 * sent): `mark_sent` records that it went out; `resend` plans it again, so it goes out after the stop
 * conditions, business hours and throttle are checked like any other message.
 */
export class ResolveUnknownScheduleCommand extends Command<ResolvedSchedule> {
  constructor(
    tenantId: string,
    readonly scheduleId: string,
    readonly action: Resolution,
    /** `user:<id>` or `api_key:<id>` (the audit entry's author) */
    readonly by: string,
  ) {
    super(tenantId);
  }
}
