import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotificationMetrics } from '../notification-metrics';
import { OptOutDebtorCommand } from '../opt-out-debtor/opt-out-debtor.command';
import { OptOutDebtorHandler } from '../opt-out-debtor/opt-out-debtor.handler';

/** Evolution message statuses that become history events. */
const ACK_EVENTS: Record<string, 'server_ack' | 'delivery_ack' | 'read'> = {
  SERVER_ACK: 'server_ack',
  DELIVERY_ACK: 'delivery_ack',
  READ: 'read',
  PLAYED: 'read',
};

/** Replies that mean "stop messaging me" (compared without case, accents or surrounding punctuation). */
const STOP_WORDS = new Set(['sair', 'parar', 'stop']);

/** Reply text kept in the history, at most. */
export const MAX_REPLY_CHARS = 500;

export function isStopWord(text: string): boolean {
  const normalized = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, '');
  return STOP_WORDS.has(normalized);
}

/**
 * The numbers a WhatsApp JID may be stored as: Brazilian mobiles appear with and without the 9th digit
 * (55 + DDD + 9 + 8 digits vs 55 + DDD + 8 digits), so both forms are tried.
 */
export function phoneCandidates(remoteJid: string): string[] {
  const digits = remoteJid.split('@')[0]!.split(':')[0]!.replace(/\D/g, '');
  if (!digits) return [];
  const out = new Set([digits]);
  if (digits.startsWith('55') && digits.length === 13 && digits[4] === '9')
    out.add(digits.slice(0, 4) + digits.slice(5));
  if (digits.startsWith('55') && digits.length === 12 && /[6-9]/.test(digits[4]!))
    out.add(`${digits.slice(0, 4)}9${digits.slice(4)}`);
  return [...out];
}

export type AckStatus = keyof typeof ACK_EVENTS;

/** One parsed Evolution webhook item. */
export type FeedbackEvent =
  | { kind: 'ack'; messageId: string; status: string }
  | { kind: 'inbound'; remoteJid: string; messageId: string | null; text: string };

export interface FeedbackOutcome {
  acks: number;
  replies: number;
  optOuts: number;
  ignored: number;
}

/**
 * Delivery feedback from WhatsApp (Evolution webhook): acks append history to the message's schedule;
 * replies are recorded, and a stop word opts the debtor out. Unknown messages and senders are ignored.
 */
@Injectable()
export class DeliveryFeedback {
  private readonly logger = new Logger('DeliveryFeedback');

  constructor(
    private readonly dataSource: DataSource,
    private readonly optOut: OptOutDebtorHandler,
    private readonly metrics: NotificationMetrics,
  ) {}

  async handle(tenantId: string, events: FeedbackEvent[]): Promise<FeedbackOutcome> {
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
    const event = ACK_EVENTS[status.toUpperCase()];
    if (!event) return false;
    return this.dataSource.transaction(async (tx) => {
      const [sent] = (await tx.query(
        `SELECT schedule_id, debtor_id, channel, provider, attempt FROM notification_flow.contact_history
          WHERE tenant_id = $1 AND provider_message_id = $2 AND event = 'sent' ORDER BY id DESC LIMIT 1`,
        [tenantId, messageId],
      )) as Array<{
        schedule_id: string | null;
        debtor_id: string;
        channel: string;
        provider: string | null;
        attempt: number;
      }>;
      if (!sent) return false;
      // Evolution may deliver an event twice; one row per event and message is enough.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('notification_flow.ack:' || $1 || ':' || $2))`, [
        tenantId,
        messageId,
      ]);
      const seen = (await tx.query(
        `SELECT 1 FROM notification_flow.contact_history
          WHERE tenant_id = $1 AND provider_message_id = $2 AND event = $3 LIMIT 1`,
        [tenantId, messageId, event],
      )) as unknown[];
      if (seen.length > 0) return true;
      await tx.query(
        `INSERT INTO notification_flow.contact_history
           (tenant_id, schedule_id, debtor_id, attempt, channel, provider, provider_message_id, event, detail)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          tenantId,
          sent.schedule_id,
          sent.debtor_id,
          sent.attempt,
          sent.channel,
          sent.provider,
          messageId,
          event,
          JSON.stringify({ status }),
        ],
      );
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
    const debtors = (await this.dataSource.query(
      `SELECT id FROM notification_flow.debtors
        WHERE tenant_id = $1 AND (whatsapp = ANY($2) OR phone = ANY($2)) ORDER BY id`,
      [tenantId, numbers],
    )) as Array<{ id: string }>;
    if (debtors.length === 0) {
      this.logger.debug('Reply from a number that matches no debtor; ignored');
      return 'ignored';
    }
    const stop = isStopWord(event.text);
    for (const { id } of debtors) {
      await this.dataSource.transaction(async (tx) => {
        // Serializes redeliveries of the same reply (and any command on this debtor).
        await tx.query(
          `SELECT 1 FROM notification_flow.debtors WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
          [tenantId, id],
        );
        if (event.messageId) {
          const seen = (await tx.query(
            `SELECT 1 FROM notification_flow.contact_history
              WHERE tenant_id = $1 AND provider_message_id = $2 AND debtor_id = $3 AND event IN ('reply', 'opt_out')
              LIMIT 1`,
            [tenantId, event.messageId, id],
          )) as unknown[];
          if (seen.length > 0) return;
        }
        // in the webhook event's own transaction (not through the bus): a redelivery is recognised
        if (stop)
          await this.optOut.within(
            tx,
            new OptOutDebtorCommand(tenantId, id, 'reply', 'replied with a stop word'),
          );
        // The reply itself, so operators see what the debtor wrote (and a redelivery is recognised).
        await tx.query(
          `INSERT INTO notification_flow.contact_history
             (tenant_id, debtor_id, channel, provider, provider_message_id, event, detail)
           VALUES ($1, $2, 'whatsapp', 'evolution', $3, 'reply', $4)`,
          [
            tenantId,
            id,
            event.messageId,
            JSON.stringify({ text: event.text.slice(0, MAX_REPLY_CHARS), stop }),
          ],
        );
      });
    }
    this.metrics.deliveryEvents.inc({ event: stop ? 'opt_out' : 'reply' });
    return stop ? 'opt_out' : 'reply';
  }
}
