import { Controller, Get, HttpCode, Module, Post } from '@nestjs/common';
import { AnyPrincipal, RequireScope, Roles } from '../../src/platform/access/auth.decorators';
import { Idempotent } from '../../src/platform/access/idempotency/idempotent.decorator';

/** Test-only routes guarded the way contexts will guard theirs. */
@Controller('api/fixture/access')
class AccessFixtureController {
  private flakyCalls = 0;
  private created = 0;

  @Post('billing/send')
  @HttpCode(202)
  @RequireScope('billing:send')
  send(): { accepted: true } {
    return { accepted: true };
  }

  @Get('operators')
  @AnyPrincipal()
  @Roles('admin', 'operator')
  operators(): { ok: true } {
    return { ok: true };
  }

  /** Declares no access rule: refused to everyone, admins included. */
  @Get('undeclared')
  undeclared(): { ok: true } {
    return { ok: true };
  }

  /** Fails with a 500 on its first call, then creates things. */
  @Post('flaky')
  @AnyPrincipal()
  @Idempotent()
  flaky(): { created: number } {
    this.flakyCalls += 1;
    if (this.flakyCalls === 1) throw new Error('transient failure');
    this.created += 1;
    return { created: this.created };
  }
}

@Module({ controllers: [AccessFixtureController] })
export class AccessFixtureModule {}
