import { Logger } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import {
  ackEventOf,
  isStopWord,
  MAX_REPLY_CHARS,
  phoneCandidates,
  type FeedbackEvent,
  type FeedbackOutcome,
} from '../../domain/delivery-feedback';
import { NotificationMetrics } from '../notification-metrics';
import { OptOutDebtorCommand } from '../opt-out-debtor/opt-out-debtor.command';
import { DeliveryFeedbackRepository } from '../ports/delivery-feedback.repository';
import { RecordDeliveryFeedbackCommand } from './record-delivery-feedback.command';

@CommandHandler(RecordDeliveryFeedbackCommand)
export class RecordDeliveryFeedbackHandler implements ICommandHandler<
  RecordDeliveryFeedbackCommand,
  FeedbackOutcome
> {
  private readonly logger = new Logger('DeliveryFeedback');

  constructor(
    private readonly dataSource: DataSource,
    private readonly feedback: DeliveryFeedbackRepository,
    private readonly commands: CommandBus,
    private readonly metrics: NotificationMetrics,
  ) {}

  async execute({ tenantId, events }: RecordDeliveryFeedbackCommand): Promise<FeedbackOutcome> {
    const outcome: FeedbackOutcome = { acks: 0, replies: 0, optOuts: 0, ignored: 0 };
    for (const event of events) {
      if (event.kind === 'ack') {
        if (await this.ack(tenantId, event.messageId, event.status)) outcome.acks++;
        else outcome.ignored++;
      } else {
        const result = await this.inbound(tenantId, event);
        if (result === 'opt_out') outcome.optOuts++;
        else if (result === 'reply') outcome.replies++;
        else outcome.ignored++;
      }
    }
    return outcome;
  }

  private async ack(tenantId: string, messageId: string, status: string): Promise<boolean> {
    const event = ackEventOf(status);
    if (!event) return false;
    return this.dataSource.transaction(async (tx) => {
      const sent = await this.feedback.sentMessage(tx, tenantId, messageId);
      if (!sent) return false;
      // Evolution may deliver an event twice; one row per event and message is enough.
      await this.feedback.lockAcks(tx, tenantId, messageId);
      if (await this.feedback.hasAck(tx, tenantId, messageId, event)) return true;
      await this.feedback.insertAck(tx, tenantId, sent, { messageId, event, status });
      this.metrics.deliveryEvents.inc({ event });
      return true;
    });
  }

  private async inbound(
    tenantId: string,
    event: Extract<FeedbackEvent, { kind: 'inbound' }>,
  ): Promise<'opt_out' | 'reply' | 'ignored'> {
    const numbers = phoneCandidates(event.remoteJid);
    if (numbers.length === 0) return 'ignored';
    const debtors = await this.feedback.debtorsByPhone(tenantId, numbers);
    if (debtors.length === 0) {
      this.logger.debug('Reply from a number that matches no debtor; ignored');
      return 'ignored';
    }
    const stop = isStopWord(event.text);
    for (const debtorId of debtors) {
      await this.dataSource.transaction(async (tx) => {
        // Serializes redeliveries of the same reply (and any command on this debtor).
        await this.feedback.lockDebtor(tx, tenantId, debtorId);
        if (event.messageId && (await this.feedback.replySeen(tx, tenantId, event.messageId, debtorId)))
          return;
        // The opt-out commits with the reply's history line (the command runs in this transaction):
        // a redelivery of the reply finds it and changes nothing.
        if (stop)
          await this.commands.execute(
            new OptOutDebtorCommand(tenantId, debtorId, 'reply', 'replied with a stop word', tx),
          );
        // The reply itself, so operators see what the debtor wrote (and a redelivery is recognised).
        await this.feedback.insertReply(tx, tenantId, debtorId, {
          messageId: event.messageId,
          text: event.text.slice(0, MAX_REPLY_CHARS),
          stop,
        });
      });
    }
    this.metrics.deliveryEvents.inc({ event: stop ? 'opt_out' : 'reply' });
    return stop ? 'opt_out' : 'reply';
  }
}
