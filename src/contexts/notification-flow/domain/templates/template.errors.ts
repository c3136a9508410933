import { DomainError } from '../../../../shared/errors/domain-error';

export class TemplateInvalidError extends DomainError {
  constructor(problems: string[]) {
    super('NOTIFICATION_FLOW.TEMPLATE_INVALID', 'invalid', `Invalid template: ${problems.join('; ')}`, {
      problems,
    });
  }
}

export class TemplateNotFoundError extends DomainError {
  constructor(id: string) {
    super('NOTIFICATION_FLOW.TEMPLATE_NOT_FOUND', 'not_found', `Template ${id} not found`);
  }
}

export class TemplateExistsError extends DomainError {
  constructor(type: string, channel: string) {
    super(
      'NOTIFICATION_FLOW.TEMPLATE_EXISTS',
      'conflict',
      `This tenant already has a ${type} template for ${channel}: change it with PUT, or DELETE it first`,
      { type, channel },
    );
  }
}

export class BuiltInTemplateError extends DomainError {
  constructor(id: string) {
    super(
      'NOTIFICATION_FLOW.TEMPLATE_BUILT_IN',
      'invalid',
      `${id} is a built-in template and cannot be changed: POST a template with the same type and channel to replace it`,
    );
  }
}

export class TemplateVariationNotFoundError extends DomainError {
  constructor(variation: number, count: number) {
    super(
      'NOTIFICATION_FLOW.TEMPLATE_VARIATION_INVALID',
      'invalid',
      `Variation ${variation} does not exist: this template has ${count} (0 to ${count - 1})`,
      { variation, count },
    );
  }
}
