import { Command } from '../../../../shared/ddd/command';

export interface CrmLinkOutcome {
  linked: number;
  created: number;
  notFound: number;
  failed: number;
  /** intents put off because the CRM said to slow down (429) */
  deferred: number;
}

/**
 * Works the tenant's pending CRM intents: find the person by CPF/CNPJ and their open deal and link it,
 * or (when the tenant says so) create person + deal. `asOf`: which intents are due (default now).
 */
export class LinkCasesToCrmCommand extends Command<CrmLinkOutcome> {
  constructor(
    tenantId: string,
    readonly asOf?: Date,
  ) {
    super(tenantId);
  }
}
