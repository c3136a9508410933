import { DomainError } from '../../shared/errors/domain-error';
import type { ContactProblem } from './domain/billing/billing-contact';

/** Some contacts of a batch are invalid: nothing was created (the batch is all or nothing). */
export class BillingContactsInvalidError extends DomainError {
  constructor(problems: ContactProblem[], total: number) {
    const rows = new Set(problems.map((p) => p.index)).size;
    super(
      'BILLING_API.CONTACTS_INVALID',
      'invalid',
      `${rows} of ${total} contacts are invalid; nothing was created`,
      {
        success: false,
        message: 'Dados inválidos',
        contact_errors: problems.map((p) => ({ ...p, linha: p.index + 1 })),
        errors: problems.map((p) => ({
          field: p.field ? `contacts[${p.index}].${p.field}` : `contacts[${p.index}]`,
          messages: [p.message],
        })),
      },
    );
  }
}

export class BillingRequestInvalidError extends DomainError {
  constructor(message: string) {
    super('BILLING_API.REQUEST_INVALID', 'invalid', message, { success: false, message });
  }
}

/** The same external_id was sent before with other contacts: the first campaign stands. */
export class ExternalIdConflictError extends DomainError {
  constructor(externalId: string, campaignId: string) {
    super(
      'BILLING_API.EXTERNAL_ID_CONFLICT',
      'conflict',
      `external_id '${externalId}' already names campaign ${campaignId}, with other contacts`,
      {
        success: false,
        message: `external_id '${externalId}' já existe com outros dados`,
        campaign_id: campaignId,
      },
    );
  }
}

export class BillingResourceNotFoundError extends DomainError {
  constructor(what: string, id: string) {
    super('BILLING_API.NOT_FOUND', 'not_found', `${what} ${id} not found`, { success: false });
  }
}

export class BillingTemplateInvalidError extends DomainError {
  constructor(problems: string[]) {
    super('BILLING_API.TEMPLATE_INVALID', 'invalid', `Invalid billing template: ${problems.join('; ')}`, {
      problems,
    });
  }
}
