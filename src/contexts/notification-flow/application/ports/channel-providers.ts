import type { EntityManager } from 'typeorm';
import type { Channel } from '../../domain/cadence';

/** One rendered message for one recipient. `scheduleId` is passed to providers as idempotency key / custom id. */
export interface OutgoingMessage {
  tenantId: string;
  scheduleId: string;
  channel: Channel;
  /** e-mail address, or phone digits with country code (5511987654321) */
  to: string;
  /** e-mail only */
  subject?: string;
  text: string;
  /** e-mail only: HTML body (already escaped by the renderer) */
  html?: string;
}

/** What a provider answered when it accepted a message. */
export interface Sent {
  provider: string;
  providerMessageId: string | null;
}

/**
 * A send that did not go through, classified from the provider's body (not trusted from the status):
 * - `transient`: retry later (5xx, 429, network). `maybeSent` when the provider may have accepted it
 *   (timeout after the request was written): the next attempt must reconcile, never send blindly.
 * - `permanent`: this address will never work (invalid number, not on WhatsApp, hard bounce): the next
 *   channel of the step's fallback order is tried.
 * - `unavailable`: the channel cannot be used right now for the whole tenant (WhatsApp instance not
 *   `open`, credentials refused): pause the channel, alert, defer — attempts are not burnt.
 */
export class ProviderFailure extends Error {
  constructor(
    readonly kind: 'transient' | 'permanent' | 'unavailable',
    readonly code: string,
    message: string,
    readonly provider: string,
    readonly maybeSent = false,
  ) {
    super(message);
    this.name = 'ProviderFailure';
  }
}

export interface ChannelSender {
  /** `smtp`, `sendgrid`, `assertiva`, `evolution` */
  readonly provider: string;
  send(message: OutgoingMessage): Promise<Sent>;
  /**
   * Providers that can be asked whether a message with this schedule id was accepted (SendGrid's
   * activity by custom_args). null = not found. Absent = the provider cannot tell.
   */
  lookup?(tenantId: string, scheduleId: string): Promise<Sent | null>;
}

/** Resolves each tenant's configured provider per channel. */
export abstract class ChannelProviders {
  /** null when the tenant has no provider for that channel (the channel is skipped in the fallback). */
  abstract sender(tenantId: string, channel: Channel, manager?: EntityManager): Promise<ChannelSender | null>;
  /** Evolution `connectionState` of the tenant's instance; `unknown` when it could not be read. */
  abstract whatsappState(
    tenantId: string,
    manager?: EntityManager,
  ): Promise<{ instance: string; state: 'open' | 'connecting' | 'close' | 'refused' | 'unknown' }>;
}
