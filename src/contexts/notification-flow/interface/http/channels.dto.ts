import { ApiProperty } from '@nestjs/swagger';
import type { ChannelState } from '../../application/get-channel-states/channel-state';
import type { ResumeWhatsappResult } from '../../application/resume-whatsapp/resume-whatsapp.command';
import { CHANNELS, type Channel } from '../../domain/cadence';

export class ChannelStateView implements ChannelState {
  @ApiProperty({ enum: CHANNELS, example: 'whatsapp' }) channel!: Channel;
  @ApiProperty({
    description: 'true while messages of this channel are held back (WhatsApp instance not open)',
  })
  paused!: boolean;
  @ApiProperty({ nullable: true, type: String, example: 'instance regua is close' }) reason!: string | null;
  @ApiProperty({ nullable: true, type: Date }) since!: Date | null;
  @ApiProperty({ description: 'Schedules deferred by the pause (due again once it ends)' }) held!: number;
}

export class ChannelStateList {
  @ApiProperty({ type: [ChannelStateView] }) items!: ChannelStateView[];
}

export class ResumeWhatsappView implements ResumeWhatsappResult {
  @ApiProperty({ enum: ['whatsapp'] }) channel!: 'whatsapp';
  @ApiProperty({ description: 'false when the channel was not paused (the command is idempotent)' })
  changed!: boolean;
  @ApiProperty({ description: 'Schedules the pause held back, due now' }) released!: number;
}
