import { Command } from '../../../../shared/ddd/command';
import { Query } from '../../../../shared/ddd/query';
import type { BillingTemplateInput, BillingTemplateView } from './billing-template-view';

/** The tenant's billing templates (admin). */
export class ListBillingTemplatesQuery extends Query<BillingTemplateView[]> {
  constructor(tenantId: string) {
    super(tenantId);
  }
}

export class CreateBillingTemplateCommand extends Command<BillingTemplateView> {
  constructor(
    tenantId: string,
    readonly input: Required<Pick<BillingTemplateInput, 'name' | 'template_type' | 'variations'>> &
      BillingTemplateInput,
  ) {
    super(tenantId);
  }
}

/** PATCH: only the fields given change; `variations`, when given, replaces them all. */
export class UpdateBillingTemplateCommand extends Command<BillingTemplateView> {
  constructor(
    tenantId: string,
    readonly id: string,
    readonly input: BillingTemplateInput,
  ) {
    super(tenantId);
  }
}

export class DeleteBillingTemplateCommand extends Command<void> {
  constructor(
    tenantId: string,
    readonly id: string,
  ) {
    super(tenantId);
  }
}
