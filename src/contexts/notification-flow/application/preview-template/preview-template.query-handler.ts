import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { TemplatePreview } from '../../domain/templates/template-preview';
import { TemplatePreviews } from '../templates/template-previews';
import { PreviewTemplateQuery } from './preview-template.query';

@QueryHandler(PreviewTemplateQuery)
export class PreviewTemplateHandler implements IQueryHandler<PreviewTemplateQuery, TemplatePreview> {
  constructor(private readonly previews: TemplatePreviews) {}

  execute(query: PreviewTemplateQuery): Promise<TemplatePreview> {
    return this.previews.preview(query.metadata.tenantId, query.templateId, query.variation);
  }
}
