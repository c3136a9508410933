import { Query } from '../../../../shared/ddd/query';
import type { MessageTemplate } from '../templates/templates.repository';

/** The templates in use, one per type × channel: the tenant's own, plus the built-in pt-BR defaults for the others. */
export class ListTemplatesQuery extends Query<MessageTemplate[]> {
  constructor(tenantId: string) {
    super(tenantId);
  }
}
