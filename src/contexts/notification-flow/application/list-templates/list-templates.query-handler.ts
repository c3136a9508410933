import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Templates, type MessageTemplate } from '../templates/templates.repository';
import { ListTemplatesQuery } from './list-templates.query';

@QueryHandler(ListTemplatesQuery)
export class ListTemplatesHandler implements IQueryHandler<ListTemplatesQuery, MessageTemplate[]> {
  constructor(private readonly templates: Templates) {}

  execute({ metadata }: ListTemplatesQuery): Promise<MessageTemplate[]> {
    return this.templates.list(metadata.tenantId);
  }
}
