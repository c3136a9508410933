import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Max, Min } from 'class-validator';
import { IntegerQueryParam } from './query-params';

/** `limit`/`offset` paging shared by every list endpoint (at most 100 rows a page). */
export class PageQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @IntegerQueryParam()
  @Min(1)
  @Max(100)
  limit = 20;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 0 })
  @IsOptional()
  @IntegerQueryParam()
  @Min(0)
  offset = 0;
}
