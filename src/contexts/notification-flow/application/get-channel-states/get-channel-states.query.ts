import { Query } from '../../../../shared/ddd/query';
import type { ChannelState } from './channel-state';

/** The state of each of the tenant's channels (only WhatsApp pauses: its instance may be down). */
export class GetChannelStatesQuery extends Query<ChannelState[]> {
  constructor(tenantId: string) {
    super(tenantId);
  }
}
