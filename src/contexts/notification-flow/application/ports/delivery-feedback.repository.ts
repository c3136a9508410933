import type { EntityManager } from 'typeorm';
import type { AckEvent } from '../../domain/delivery-feedback';

/** The `sent` history line of a provider message (what its acks are appended to). */
export interface SentMessage {
  schedule_id: string | null;
  debtor_id: string;
  channel: string;
  provider: string | null;
  attempt: number;
}

/** The contact history as delivery feedback (acks, replies) appends to it. */
export abstract class DeliveryFeedbackRepository {
  /** The latest `sent` line of the provider's message; null when Régua sent no such message. */
  abstract sentMessage(tx: EntityManager, tenantId: string, messageId: string): Promise<SentMessage | null>;

  /** Serializes the acks of one message until `tx` ends (Evolution may deliver an event twice). */
  abstract lockAcks(tx: EntityManager, tenantId: string, messageId: string): Promise<void>;

  abstract hasAck(tx: EntityManager, tenantId: string, messageId: string, event: AckEvent): Promise<boolean>;

  abstract insertAck(
    tx: EntityManager,
    tenantId: string,
    sent: SentMessage,
    ack: { messageId: string; event: AckEvent; status: string },
  ): Promise<void>;

  /** Debtors whose WhatsApp or phone is one of `numbers` (ordered by id). */
  abstract debtorsByPhone(tenantId: string, numbers: string[]): Promise<string[]>;

  /** Locks the debtor row until `tx` ends (serializes redeliveries of a reply, and debtor commands). */
  abstract lockDebtor(tx: EntityManager, tenantId: string, debtorId: string): Promise<void>;

  /** A reply (or its opt-out) with this provider message id is already recorded for the debtor. */
  abstract replySeen(
    tx: EntityManager,
    tenantId: string,
    messageId: string,
    debtorId: string,
  ): Promise<boolean>;

  abstract insertReply(
    tx: EntityManager,
    tenantId: string,
    debtorId: string,
    reply: { messageId: string | null; text: string; stop: boolean },
  ): Promise<void>;
}
