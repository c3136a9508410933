import { CommandHandler, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { BillingResourceNotFoundError, BillingTemplateInvalidError } from '../../billing-api.errors';
import { billingTemplateProblems, MAX_BILLING_VARIATIONS } from '../../domain/billing/billing-template';
import { BillingTemplates, type StoredBillingTemplate } from '../ports/billing-campaigns.repository';
import {
  CreateBillingTemplateCommand,
  DeleteBillingTemplateCommand,
  ListBillingTemplatesQuery,
  UpdateBillingTemplateCommand,
} from './billing-template-commands';
import { templateView, type BillingTemplateInput, type BillingTemplateView } from './billing-template-view';

function variationsOf(
  input: NonNullable<BillingTemplateInput['variations']>,
): StoredBillingTemplate['variations'] {
  const problems: string[] = [];
  if (input.length < 1 || input.length > MAX_BILLING_VARIATIONS)
    problems.push(`variations: entre 1 e ${MAX_BILLING_VARIATIONS}`);
  input.forEach((v, i) =>
    problems.push(
      ...billingTemplateProblems(v.template_text).map((p) => `variations[${i}].template_text: ${p}`),
    ),
  );
  if (problems.length > 0) throw new BillingTemplateInvalidError(problems);
  return input.map((v, i) => ({
    id: randomUUID(),
    name: v.name,
    template_text: v.template_text,
    order: v.order ?? i + 1,
    is_active: v.is_active ?? true,
  }));
}

@QueryHandler(ListBillingTemplatesQuery)
export class ListBillingTemplatesHandler implements IQueryHandler<
  ListBillingTemplatesQuery,
  BillingTemplateView[]
> {
  constructor(private readonly templates: BillingTemplates) {}

  async execute(query: ListBillingTemplatesQuery): Promise<BillingTemplateView[]> {
    return (await this.templates.list(query.metadata.tenantId)).map(templateView);
  }
}

@CommandHandler(CreateBillingTemplateCommand)
export class CreateBillingTemplateHandler implements ICommandHandler<
  CreateBillingTemplateCommand,
  BillingTemplateView
> {
  constructor(private readonly templates: BillingTemplates) {}

  async execute(command: CreateBillingTemplateCommand): Promise<BillingTemplateView> {
    const { input } = command;
    const now = new Date();
    const template: StoredBillingTemplate = {
      id: randomUUID(),
      tenant_id: command.metadata.tenantId,
      name: input.name,
      template_type: input.template_type,
      description: input.description ?? '',
      is_active: input.is_active ?? true,
      variations: variationsOf(input.variations),
      total_uses: 0,
      created_at: now,
      updated_at: now,
    };
    await this.templates.insert(template);
    return templateView(template);
  }
}

@CommandHandler(UpdateBillingTemplateCommand)
export class UpdateBillingTemplateHandler implements ICommandHandler<
  UpdateBillingTemplateCommand,
  BillingTemplateView
> {
  constructor(private readonly templates: BillingTemplates) {}

  async execute(command: UpdateBillingTemplateCommand): Promise<BillingTemplateView> {
    const tenantId = command.metadata.tenantId;
    const current = await this.templates.find(tenantId, command.id);
    if (!current) throw new BillingResourceNotFoundError('Template', command.id);
    const { input } = command;
    const next: StoredBillingTemplate = {
      ...current,
      name: input.name ?? current.name,
      template_type: input.template_type ?? current.template_type,
      description: input.description ?? current.description,
      is_active: input.is_active ?? current.is_active,
      variations: input.variations ? variationsOf(input.variations) : current.variations,
    };
    await this.templates.update(next);
    return templateView((await this.templates.find(tenantId, command.id)) ?? next);
  }
}

@CommandHandler(DeleteBillingTemplateCommand)
export class DeleteBillingTemplateHandler implements ICommandHandler<DeleteBillingTemplateCommand, void> {
  constructor(private readonly templates: BillingTemplates) {}

  async execute(command: DeleteBillingTemplateCommand): Promise<void> {
    if (!(await this.templates.remove(command.metadata.tenantId, command.id)))
      throw new BillingResourceNotFoundError('Template', command.id);
  }
}
