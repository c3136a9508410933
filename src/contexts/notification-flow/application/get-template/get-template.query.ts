import { Query } from '../../../../shared/ddd/query';
import type { MessageTemplate } from '../templates/templates.repository';

/** A template: a uuid of the tenant's, or `default:<type>:<channel>` for a built-in one; 404 otherwise. */
export class GetTemplateQuery extends Query<MessageTemplate> {
  constructor(
    tenantId: string,
    readonly templateId: string,
  ) {
    super(tenantId);
  }
}
