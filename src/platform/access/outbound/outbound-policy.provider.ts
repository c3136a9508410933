import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '../../../config/config.module';
import type { AppConfig } from '../../../config/load-config';
import { installOutboundPolicy } from './guarded-connect';
import { OutboundUrlPolicy } from './outbound-url-policy';

/** The deployment's own integration URLs: the operator chose them, so they stay reachable. */
export function deploymentUrls(config: AppConfig): string[] {
  return [
    config.IXC_BASE_URL,
    config.MAGNUS_BASE_URL,
    config.DISCORD_WEBHOOK_URL,
    config.DISCORD_ERROR_WEBHOOK_URL,
    config.EVOLUTION_BASE_URL,
    config.SMS_BASE_URL,
    config.SMTP_URL,
    config.CLINIC_API_BASE_URL,
    config.MERCADOPAGO_BASE_URL,
  ].filter((url): url is string => !!url);
}

export function outboundUrlPolicy(config: AppConfig): OutboundUrlPolicy {
  return new OutboundUrlPolicy({
    allowPrivateNetworks: config.INTEGRATION_ALLOW_PRIVATE_NETWORKS,
    allowedHosts: (config.INTEGRATION_ALLOWED_HOSTS ?? '').split(','),
    trustedUrls: deploymentUrls(config),
  });
}

/** Makes the policy the one guarded outbound connections obey, for as long as the application runs. */
@Injectable()
export class OutboundPolicyInstaller implements OnModuleInit, OnModuleDestroy {
  constructor(@Inject(OutboundUrlPolicy) private readonly policy: OutboundUrlPolicy) {}

  onModuleInit(): void {
    installOutboundPolicy(this.policy);
  }

  onModuleDestroy(): void {
    installOutboundPolicy(undefined);
  }
}

export const OUTBOUND_POLICY_PROVIDERS = [
  { provide: OutboundUrlPolicy, inject: [APP_CONFIG], useFactory: outboundUrlPolicy },
  OutboundPolicyInstaller,
];
