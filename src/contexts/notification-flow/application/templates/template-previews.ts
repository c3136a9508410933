import { Injectable } from '@nestjs/common';
import { templateProblems } from '../../domain/templates/template-engine';
import { previewTemplate, type TemplatePreview } from '../../domain/templates/template-preview';
import { TemplateInvalidError } from '../../domain/templates/template.errors';
import { NotificationSettingsStore } from '../settings/notification-settings';
import { Templates } from './templates.repository';

/** Unsaved text to render instead of the stored one (the console's live preview while editing). */
export interface TemplateDraft {
  subject?: string | null;
  variations?: string[];
}

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

  async preview(
    tenantId: string,
    templateId: string,
    variation: number,
    draft: TemplateDraft = {},
  ): Promise<TemplatePreview> {
    const stored = await this.templates.get(tenantId, templateId);
    const template = {
      ...stored,
      ...(draft.variations !== undefined ? { variations: draft.variations } : {}),
      ...(draft.subject !== undefined ? { subject: draft.subject } : {}),
    };
    // A draft is checked as a save would check it: bad syntax or unknown variables are a 422, not a 500.
    if (draft.variations !== undefined || draft.subject !== undefined) {
      const problems = templateProblems(template);
      if (problems.length > 0) throw new TemplateInvalidError(problems);
    }
    const { companyName } = await this.settings.get(tenantId);
    return previewTemplate(template, variation, companyName ?? FALLBACK_COMPANY_NAME);
  }
}
