import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CHANNELS } from '../../domain/cadence';
import { WhatsappPause } from '../whatsapp/whatsapp-pause';
import type { ChannelState } from './channel-state';
import { GetChannelStatesQuery } from './get-channel-states.query';

@QueryHandler(GetChannelStatesQuery)
export class GetChannelStatesHandler implements IQueryHandler<GetChannelStatesQuery, ChannelState[]> {
  constructor(private readonly pause: WhatsappPause) {}

  async execute(query: GetChannelStatesQuery): Promise<ChannelState[]> {
    const tenantId = query.metadata.tenantId;
    const [pause, held] = await Promise.all([this.pause.state(tenantId), this.pause.held(tenantId)]);
    return CHANNELS.map((channel) =>
      channel === 'whatsapp'
        ? {
            channel,
            paused: pause !== null,
            reason: pause?.reason ?? null,
            since: pause?.since ?? null,
            held,
          }
        : { channel, paused: false, reason: null, since: null, held: 0 },
    );
  }
}
