import { Query } from '../../../../shared/ddd/query';
import type { TemplatePreview } from '../../domain/templates/template-preview';

/** Renders a template with sample data and the tenant's company name, as its debtors would read it. */
export class PreviewTemplateQuery extends Query<TemplatePreview> {
  constructor(
    tenantId: string,
    readonly templateId: string,
    readonly variation: number,
  ) {
    super(tenantId);
  }
}
