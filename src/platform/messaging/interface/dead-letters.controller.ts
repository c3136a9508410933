import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../../http/page-query.dto';
import { AdminOnly, CurrentPrincipal, type Principal } from '../../access/auth.decorators';
import { DeadLetters, type DeadLetter } from '../dead-letters';

class ListDeadLettersQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only this consumer (queue name)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  consumer?: string;
}

class DeadLetterView {
  @ApiProperty() id!: string;
  @ApiProperty() consumer!: string;
  @ApiProperty() messageId!: string;
  @ApiProperty() routingKey!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty() error!: string;
  @ApiProperty({ type: Object }) payload!: unknown;
  @ApiProperty({ type: Object }) headers!: Record<string, unknown>;
  @ApiProperty() deadLetteredAt!: Date;
  @ApiPropertyOptional({ nullable: true, type: Date }) replayedAt!: Date | null;
}

class DeadLetterPage {
  @ApiProperty({ type: [DeadLetterView] }) items!: DeadLetterView[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}

const view = ({ tenantId: _tenant, ...letter }: DeadLetter): DeadLetterView => letter;

@ApiTags('admin')
@ApiBearerAuth()
@AdminOnly()
@Controller('api/v1/admin/dead-letters')
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLetters) {}

  @Get()
  @ApiOperation({ summary: 'Messages a consumer gave up on, newest first' })
  @ApiOkResponse({ type: DeadLetterPage })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListDeadLettersQuery,
  ): Promise<DeadLetterPage> {
    const page = await this.deadLetters.list({ tenantId: principal.tenantId, ...query });
    return { items: page.items.map(view), total: page.total, limit: query.limit, offset: query.offset };
  }

  @Get(':id')
  @ApiOkResponse({ type: DeadLetterView })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<DeadLetterView> {
    return view(await this.deadLetters.get(id, principal.tenantId));
  }

  @Post(':id/replay')
  @HttpCode(202)
  @ApiOperation({ summary: 'Deliver the message again to the consumer that dead-lettered it' })
  @ApiOkResponse({ type: DeadLetterView })
  async replay(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<DeadLetterView> {
    return view(await this.deadLetters.replay(id, principal.tenantId));
  }
}
