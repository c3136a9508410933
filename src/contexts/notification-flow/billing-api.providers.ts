import type { Provider, Type } from '@nestjs/common';
import { BillingApiMetrics } from './application/billing-api-metrics';
import { GetBillingQueueStatusHandler } from './application/get-billing-queue-status/get-billing-queue-status.query-handler';
import { GetBillingStatsHandler } from './application/get-billing-stats/get-billing-stats.query-handler';
import { ListBillingCampaignsHandler } from './application/list-billing-campaigns/list-billing-campaigns.query-handler';
import { ListCampaignContactsHandler } from './application/list-campaign-contacts/list-campaign-contacts.query-handler';
import {
  CreateBillingTemplateHandler,
  DeleteBillingTemplateHandler,
  ListBillingTemplatesHandler,
  UpdateBillingTemplateHandler,
} from './application/manage-billing-templates/billing-template-handlers';
import { BillingCampaigns, BillingTemplates } from './application/ports/billing-campaigns.repository';
import { SendBillingCampaignHandler } from './application/send-billing-campaign/send-billing-campaign.handler';
import { BillingMessages } from './application/send-message/billing-message';
import { TypeormBillingCampaigns } from './infrastructure/persistence/typeorm-billing-campaigns.repository';
import { TypeormBillingTemplates } from './infrastructure/persistence/typeorm-billing-templates.repository';
import { BillingAdminController } from './interface/http/billing-api/billing-admin.controller';
import { BillingApiController } from './interface/http/billing-api/billing-api.controller';

/** The public billing API (seed 003), kept apart from the module's own lists so both evolve without clashes. */
export const BILLING_API_PROVIDERS: Provider[] = [
  BillingApiMetrics,
  { provide: BillingCampaigns, useClass: TypeormBillingCampaigns },
  { provide: BillingTemplates, useClass: TypeormBillingTemplates },
  BillingMessages,
  SendBillingCampaignHandler,
  GetBillingQueueStatusHandler,
  ListCampaignContactsHandler,
  ListBillingCampaignsHandler,
  GetBillingStatsHandler,
  ListBillingTemplatesHandler,
  CreateBillingTemplateHandler,
  UpdateBillingTemplateHandler,
  DeleteBillingTemplateHandler,
];

export const BILLING_API_CONTROLLERS: Type[] = [BillingApiController, BillingAdminController];
