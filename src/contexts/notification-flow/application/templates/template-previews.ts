import { Injectable } from '@nestjs/common';
import { previewTemplate, type TemplatePreview } from '../../domain/templates/template-preview';
import { NotificationSettingsStore } from '../settings/notification-settings';
import { Templates } from './templates.repository';

/** What the channel worker puts in `{{company.name}}` when a tenant has no name to show. */
const FALLBACK_COMPANY_NAME = 'Régua';

/**
 * Previews a tenant's template (or a built-in one) as its debtors would read it: sample debtor and
 * debts, but the tenant's own company name (settings `companyName`, else the tenant's name).
 */
@Injectable()
export class TemplatePreviews {
  constructor(
    private readonly templates: Templates,
    private readonly settings: NotificationSettingsStore,
  ) {}

  async preview(tenantId: string, templateId: string, variation: number): Promise<TemplatePreview> {
    const template = await this.templates.get(tenantId, templateId);
    const { companyName } = await this.settings.get(tenantId);
    return previewTemplate(template, variation, companyName ?? FALLBACK_COMPANY_NAME);
  }
}
