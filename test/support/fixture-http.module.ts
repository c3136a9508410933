import { Body, Controller, Get, Module, Param, ParseIntPipe, Post } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsEmail, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Public } from '../../src/platform/access/auth.decorators';
import { DomainError } from '../../src/shared/errors/domain-error';

class AddressDto {
  @IsString() @MaxLength(80) city!: string;
}

class CreateThingDto {
  @IsString() @MaxLength(50) name!: string;
  @IsInt() @Min(1) @Max(10) quantity!: number;
  @IsOptional() @IsEmail() contact?: string;
  @IsOptional() @ValidateNested() @Type(() => AddressDto) address?: AddressDto;
  @IsOptional() @IsString() blob?: string;
}

class ThingAlreadyExistsError extends DomainError {
  constructor(name: string) {
    super('FIXTURE.THING_ALREADY_EXISTS', 'conflict', `A thing named ${name} already exists`, { name });
  }
}

/** Test-only endpoints that exercise the platform's HTTP stack (pipes, filters, limits), not access control. */
@Public()
@Controller('api/fixture/things')
class FixtureController {
  @Post()
  create(@Body() body: CreateThingDto): { created: CreateThingDto; quantityType: string } {
    if (body.name === 'taken') throw new ThingAlreadyExistsError(body.name);
    return { created: body, quantityType: typeof body.quantity };
  }

  @Get('crash')
  crash(): never {
    throw new Error('secret internal detail: password=hunter2 at /srv/app/db.ts:42');
  }

  @Get(':id')
  get(@Param('id', ParseIntPipe) id: number): { id: number } {
    return { id };
  }
}

@Module({ controllers: [FixtureController] })
export class FixtureHttpModule {}
