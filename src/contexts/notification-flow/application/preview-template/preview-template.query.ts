import { Query } from '../../../../shared/ddd/query';
import type { TemplatePreview } from '../../domain/templates/template-preview';
import type { TemplateDraft } from '../templates/template-previews';

/**
 * Renders a template with sample data and the tenant's company name, as its debtors would read it; with a
 * `draft`, its unsaved variations/subject instead (the console's live preview), checked like a save.
 */
export class PreviewTemplateQuery extends Query<TemplatePreview> {
  constructor(
    tenantId: string,
    readonly templateId: string,
    readonly variation: number,
    readonly draft: TemplateDraft = {},
  ) {
    super(tenantId);
  }
}
