import { Command } from '../../../../shared/ddd/command';

export interface ResumeWhatsappResult {
  channel: 'whatsapp';
  /** false when the channel was not paused */
  changed: boolean;
  /** schedules the pause held back, due now */
  released: number;
}

/**
 * An operator ends the tenant's WhatsApp pause now (the instance was reconnected and they do not want
 * to wait for the next probe). If the instance is still down, the next send pauses it again.
 */
export class ResumeWhatsappCommand extends Command<ResumeWhatsappResult> {
  constructor(
    tenantId: string,
    readonly by: string | null,
  ) {
    super(tenantId);
  }
}
