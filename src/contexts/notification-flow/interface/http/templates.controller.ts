import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import {
  AdminOnly,
  CurrentPrincipal,
  RequireScope,
  type Principal,
} from '../../../../platform/access/auth.decorators';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { CreateTemplateCommand } from '../../application/create-template/create-template.command';
import { DeleteTemplateCommand } from '../../application/delete-template/delete-template.command';
import { GetTemplateQuery } from '../../application/get-template/get-template.query';
import { ListTemplatesQuery } from '../../application/list-templates/list-templates.query';
import { PreviewTemplateQuery } from '../../application/preview-template/preview-template.query';
import { UpdateTemplateCommand } from '../../application/update-template/update-template.command';
import {
  CreateTemplateRequest,
  PreviewTemplateRequest,
  TemplateList,
  TemplatePreviewView,
  TemplateView,
  UpdateTemplateRequest,
} from './templates.dto';

const ID = ApiParam({
  name: 'id',
  description: 'A template uuid, or `default:<type>:<channel>` for a built-in one (read and preview only)',
  example: 'default:overdue:sms',
});

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/v1/notifications/templates')
export class TemplatesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @RequireScope('notifications:read')
  @ApiOperation({
    summary: 'The templates in use, one per type × channel',
    description:
      'The tenant’s own templates, plus the built-in pt-BR defaults (`builtIn: true`, id `default:<type>:<channel>`) ' +
      'for every type × channel the tenant has not written its own for.',
  })
  @ApiOkResponse({ type: TemplateList })
  async list(@CurrentPrincipal() principal: Principal): Promise<TemplateList> {
    const items = await this.queries.execute(new ListTemplatesQuery(principal.tenantId));
    return { items: items.map(TemplateView.of), total: items.length };
  }

  @Post()
  @AdminOnly()
  @ApiOperation({
    summary: 'Write the tenant’s template for a type × channel (replaces the built-in default)',
    description:
      '422 lists every problem: syntax, unknown variables or helpers, variation count, subject (email only, ' +
      'required there), WhatsApp text over 4096 characters with the sample data. 409 if the tenant already has ' +
      'a template for that type × channel.',
  })
  @ApiCreatedResponse({ type: TemplateView })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateTemplateRequest,
  ): Promise<TemplateView> {
    return TemplateView.of(await this.commands.execute(new CreateTemplateCommand(principal.tenantId, body)));
  }

  @Get(':id')
  @RequireScope('notifications:read')
  @ID
  @ApiOperation({ summary: 'A template (the tenant’s or a built-in one)' })
  @ApiOkResponse({ type: TemplateView })
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<TemplateView> {
    return TemplateView.of(await this.queries.execute(new GetTemplateQuery(principal.tenantId, id)));
  }

  @Put(':id')
  @AdminOnly()
  @ID
  @ApiOperation({
    summary: 'Change the name, subject or variations of a tenant template (422 as on create)',
    description: 'Built-in templates cannot be changed (422): POST one for the same type × channel instead.',
  })
  @ApiOkResponse({ type: TemplateView })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: UpdateTemplateRequest,
  ): Promise<TemplateView> {
    return TemplateView.of(
      await this.commands.execute(new UpdateTemplateCommand(principal.tenantId, id, body)),
    );
  }

  @Delete(':id')
  @AdminOnly()
  @ID
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a tenant template: its type × channel goes back to the built-in default' })
  @ApiNoContentResponse()
  async remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.commands.execute(new DeleteTemplateCommand(principal.tenantId, id));
  }

  @Post(':id/preview')
  @RequireScope('notifications:read')
  @HttpCode(200)
  @ID
  @ApiOperation({
    summary: 'Render a template with sample data and the tenant’s company name',
    description:
      'Subject, text and HTML (email) as they would go out — a sample debtor and debts, the tenant’s own ' +
      '`companyName` (settings, else the tenant’s name) — with the SMS encoding and parts, or the WhatsApp ' +
      'length against its 4096-character limit. Body `{variation}` picks the variation (default 0).',
  })
  @ApiOkResponse({ type: TemplatePreviewView })
  async preview(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: PreviewTemplateRequest,
  ): Promise<TemplatePreviewView> {
    return this.queries.execute(new PreviewTemplateQuery(principal.tenantId, id, body.variation ?? 0));
  }
}
