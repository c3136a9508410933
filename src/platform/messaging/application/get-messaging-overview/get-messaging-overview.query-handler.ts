import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ConsumerRegistry } from '../../consumer-registry';
import { MessageTransport } from '../../transports/message-transport';
import { MessagingBacklog } from '../ports/messaging-backlog';
import { GetMessagingOverviewQuery, type MessagingOverview } from './get-messaging-overview.query';

@QueryHandler(GetMessagingOverviewQuery)
export class GetMessagingOverviewHandler implements IQueryHandler<
  GetMessagingOverviewQuery,
  MessagingOverview
> {
  constructor(
    private readonly transport: MessageTransport,
    private readonly consumers: ConsumerRegistry,
    private readonly backlog: MessagingBacklog,
  ) {}

  async execute(query: GetMessagingOverviewQuery): Promise<MessagingOverview> {
    const tenantId = query.metadata.tenantId;
    const topology = [...this.consumers.topology()].sort((a, b) => a.name.localeCompare(b.name));
    const [queues, outbox, deadLetters] = await Promise.all([
      this.transport.queueDepths(topology),
      this.backlog.outbox(tenantId),
      this.backlog.deadLetters(tenantId),
    ]);
    const source =
      this.transport.kind === 'rabbitmq'
        ? this.transport.isConnected()
          ? 'RabbitMQ (passive queue checks)'
          : 'RabbitMQ unreachable: queue figures unknown'
        : 'in-process transport (messaging.local_deliveries)';
    return { transport: this.transport.kind, source, queues, outbox, deadLetters };
  }
}
