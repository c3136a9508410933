import type { CommandBus } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import type { InboundMessage } from '../../../../platform/messaging/messages';
import type { SendMessageCommand, SendRequest } from '../../application/send-message/send-message.command';
import type { MessageDuePayload } from '../../contracts/notification-events';
import { EmailQueueConsumer } from './channel-queues.consumer';

/** What the channel queue hands the send command: a replayed dead letter is marked as such ("try again"). */
describe('channel queue consumers', () => {
  const sent: SendRequest[][] = [];
  const commandBus = {
    execute: (command: SendMessageCommand) => {
      sent.push(command.requests);
      return Promise.resolve();
    },
  } as unknown as CommandBus;
  const consumer = new EmailQueueConsumer(commandBus);

  const message = (headers: Record<string, unknown>, attempt = 1): InboundMessage<MessageDuePayload> => ({
    messageId: 'm-1',
    type: 'MessageDueEvent',
    routingKey: 'notification_flow.email.due.v1',
    tenantId: 't-1',
    correlationId: 'c-1',
    occurredAt: new Date(),
    payload: { scheduleId: 's-1', channel: 'email', debtorId: 'd-1', dueAt: new Date().toISOString() },
    attempt,
    headers: {
      type: 'MessageDueEvent',
      correlationId: 'c-1',
      occurredAt: new Date().toISOString(),
      ...headers,
    },
  });

  beforeEach(() => (sent.length = 0));

  it('passes a replay of a dead letter on as a replay', async () => {
    await consumer.handleBatch([message({ replayOf: 'dead-letter-1' }), message({}, 3)], {} as EntityManager);
    expect(sent).toEqual([
      [
        { tenantId: 't-1', scheduleId: 's-1', attempt: 1, replay: true },
        { tenantId: 't-1', scheduleId: 's-1', attempt: 3, replay: false },
      ],
    ]);
  });
});
