import { Module, type DynamicModule, type Provider, type Type } from '@nestjs/common';
import type { AppConfig } from '../../config/load-config';
import { runsApi, runsSchedules, runsWorkers } from '../../platform/process/roles';
import { ChannelProviders } from './application/ports/channel-providers';
import { TenantChannelProviders } from './infrastructure/providers/tenant-channel-providers';

/**
 * notification-flow: the dunning cadence — versioned flows, debtors and debts from other contexts'
 * events, planned schedules, dispatch within business hours and throttles, channel workers, contact
 * history, templates, delivery feedback and the operators' API.
 */
@Module({})
export class NotificationFlowModule {
  static forRoot(config: AppConfig): DynamicModule {
    // Every process (api, worker, scheduler)
    const shared: Provider[] = [{ provide: ChannelProviders, useClass: TenantChannelProviders }];
    // ROLE=api|all
    const controllers: Type[] = [];
    // ROLE=worker|all: message consumers
    const workers: Provider[] = [];
    // ROLE=scheduler|all
    const schedulers: Provider[] = [];
    return {
      module: NotificationFlowModule,
      controllers: runsApi(config.ROLE) ? controllers : [],
      providers: [
        ...shared,
        ...(runsWorkers(config.ROLE) ? workers : []),
        ...(runsSchedules(config.ROLE) ? schedulers : []),
      ],
    };
  }
}
