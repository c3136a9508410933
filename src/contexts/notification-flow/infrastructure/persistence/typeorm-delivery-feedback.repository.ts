import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  DeliveryFeedbackRepository,
  type SentMessage,
} from '../../application/ports/delivery-feedback.repository';
import type { AckEvent } from '../../domain/delivery-feedback';

@Injectable()
export class TypeormDeliveryFeedbackRepository extends DeliveryFeedbackRepository {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async sentMessage(tx: EntityManager, tenantId: string, messageId: string): Promise<SentMessage | null> {
    const [sent] = (await tx.query(
      `SELECT schedule_id, debtor_id, channel, provider, attempt FROM notification_flow.contact_history
        WHERE tenant_id = $1 AND provider_message_id = $2 AND event = 'sent' ORDER BY id DESC LIMIT 1`,
      [tenantId, messageId],
    )) as SentMessage[];
    return sent ?? null;
  }

  async lockAcks(tx: EntityManager, tenantId: string, messageId: string): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('notification_flow.ack:' || $1 || ':' || $2))`, [
      tenantId,
      messageId,
    ]);
  }

  async hasAck(tx: EntityManager, tenantId: string, messageId: string, event: AckEvent): Promise<boolean> {
    const seen = (await tx.query(
      `SELECT 1 FROM notification_flow.contact_history
        WHERE tenant_id = $1 AND provider_message_id = $2 AND event = $3 LIMIT 1`,
      [tenantId, messageId, event],
    )) as unknown[];
    return seen.length > 0;
  }

  async insertAck(
    tx: EntityManager,
    tenantId: string,
    sent: SentMessage,
    ack: { messageId: string; event: AckEvent; status: string },
  ): Promise<void> {
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
        ack.messageId,
        ack.event,
        JSON.stringify({ status: ack.status }),
      ],
    );
  }

  async debtorsByPhone(tenantId: string, numbers: string[]): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT id FROM notification_flow.debtors
        WHERE tenant_id = $1 AND (whatsapp = ANY($2) OR phone = ANY($2)) ORDER BY id`,
      [tenantId, numbers],
    )) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  async lockDebtor(tx: EntityManager, tenantId: string, debtorId: string): Promise<void> {
    await tx.query(`SELECT 1 FROM notification_flow.debtors WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, [
      tenantId,
      debtorId,
    ]);
  }

  async replySeen(
    tx: EntityManager,
    tenantId: string,
    messageId: string,
    debtorId: string,
  ): Promise<boolean> {
    const seen = (await tx.query(
      `SELECT 1 FROM notification_flow.contact_history
        WHERE tenant_id = $1 AND provider_message_id = $2 AND debtor_id = $3 AND event IN ('reply', 'opt_out')
        LIMIT 1`,
      [tenantId, messageId, debtorId],
    )) as unknown[];
    return seen.length > 0;
  }

  async insertReply(
    tx: EntityManager,
    tenantId: string,
    debtorId: string,
    reply: { messageId: string | null; text: string; stop: boolean },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO notification_flow.contact_history
         (tenant_id, debtor_id, channel, provider, provider_message_id, event, detail)
       VALUES ($1, $2, 'whatsapp', 'evolution', $3, 'reply', $4)`,
      [tenantId, debtorId, reply.messageId, JSON.stringify({ text: reply.text, stop: reply.stop })],
    );
  }
}
