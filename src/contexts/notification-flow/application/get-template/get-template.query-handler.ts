import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Templates, type MessageTemplate } from '../templates/templates.repository';
import { GetTemplateQuery } from './get-template.query';

@QueryHandler(GetTemplateQuery)
export class GetTemplateHandler implements IQueryHandler<GetTemplateQuery, MessageTemplate> {
  constructor(private readonly templates: Templates) {}

  execute(query: GetTemplateQuery): Promise<MessageTemplate> {
    return this.templates.get(query.metadata.tenantId, query.templateId);
  }
}
