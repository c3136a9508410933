import { Inject, Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/load-config';
import {
  ConsumerExecutor,
  resolvePolicy,
  type ConsumerRegistration,
  type ConsumerTopology,
} from './consumer-executor';
import {
  CONSUMER_METADATA,
  definedConsumerOptions,
  type ConsumerOptions,
  type MessageHandler,
} from './message-consumer';
import { parseDelays, type RetryPolicy } from './retry-policy';
import { MessagingMetrics } from './messaging-metrics';

/** Finds every `@MessageConsumer` provider and resolves its options against the defaults. */
@Injectable()
export class ConsumerRegistry {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly executor: ConsumerExecutor,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: MessagingMetrics,
  ) {}

  /**
   * Queues, bindings and retry queues of every consumer defined in the code base, including those this
   * process does not run: every process that publishes declares them (see definedConsumerOptions).
   */
  topology(): ConsumerTopology[] {
    const policy = this.defaultPolicy();
    const byName = new Map<string, ConsumerTopology>();
    for (const options of definedConsumerOptions()) {
      byName.set(options.name, {
        name: options.name,
        routingKeys: options.routingKeys,
        policy: resolvePolicy(options, policy),
      });
    }
    for (const { name, routingKeys, policy: own } of this.all())
      byName.set(name, { name, routingKeys, policy: own });
    return [...byName.values()];
  }

  private defaultPolicy(): RetryPolicy {
    return {
      maxAttempts: this.config.MESSAGING_MAX_ATTEMPTS,
      delaysMs: parseDelays(this.config.MESSAGING_RETRY_DELAYS_MS),
    };
  }

  all(): ConsumerRegistration[] {
    const defaults = { prefetch: this.config.AMQP_PREFETCH, policy: this.defaultPolicy() };
    const registrations = this.discovery
      .getProviders()
      .filter((wrapper) => wrapper.metatype && wrapper.instance)
      .flatMap((wrapper) => {
        const options = Reflect.getMetadata(CONSUMER_METADATA, wrapper.metatype as object) as
          ConsumerOptions | undefined;
        return options ? [this.executor.resolve(options, wrapper.instance as MessageHandler, defaults)] : [];
      });
    const names = registrations.map((r) => r.name);
    const duplicate = names.find((name, i) => names.indexOf(name) !== i);
    if (duplicate)
      throw new Error(`Two message consumers are named "${duplicate}"; consumer names are queue names`);
    this.metrics.metrics.declareLabelValues('regua_messaging_messages_total', { queue: names });
    return registrations;
  }
}
