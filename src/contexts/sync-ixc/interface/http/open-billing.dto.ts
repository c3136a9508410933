import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageQuery } from '../../../../platform/http/page-query.dto';
import { IntegerQueryParam } from '../../../../platform/http/query-params';

export class OpenBillingQuery extends PageQuery {
  @ApiPropertyOptional({ type: 'integer', description: 'Only receivables at least this many days past due' })
  @IsOptional()
  @IntegerQueryParam()
  @Min(0)
  @Max(36_500)
  minDaysOverdue?: number;

  @ApiPropertyOptional({ enum: ['A', 'I', 'P', 'N', 'D'], description: 'Contract `status`' })
  @IsOptional()
  @IsIn(['A', 'I', 'P', 'N', 'D'])
  contractStatus?: string;

  @ApiPropertyOptional({
    enum: ['A', 'D', 'CM', 'CA', 'FA', 'AA'],
    description: 'Contract `status_internet`',
  })
  @IsOptional()
  @IsIn(['A', 'D', 'CM', 'CA', 'FA', 'AA'])
  internetStatus?: string;

  @ApiPropertyOptional({ description: 'IXC branch (`filial_id`)' })
  @IsOptional()
  @Matches(/^\d{1,9}$/)
  branchId?: string;

  @ApiPropertyOptional({
    description:
      'Customer name (accents and case ignored), CPF/CNPJ prefix, or phone digits (formatting ignored)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: ['dueDate', 'daysOverdue', 'openAmount', 'customer'], default: 'dueDate' })
  @IsOptional()
  @IsIn(['dueDate', 'daysOverdue', 'openAmount', 'customer'])
  sort: 'dueDate' | 'daysOverdue' | 'openAmount' | 'customer' = 'dueDate';

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order: 'asc' | 'desc' = 'asc';
}
