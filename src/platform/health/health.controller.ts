import { Public } from '../access/auth.decorators';
import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  TypeOrmHealthIndicator,
  type HealthCheckResult,
} from '@nestjs/terminus';
import { ShutdownState } from '../lifecycle/shutdown-state';
import { ReadinessIndicators } from './readiness-indicators';

@ApiTags('operations')
@Public()
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly shutdown: ShutdownState,
    private readonly extra: ReadinessIndicators,
  ) {}

  @Get('healthz')
  @ApiOperation({ summary: 'Liveness: the process is up and its event loop answers' })
  @ApiOkResponse({ description: 'Alive' })
  liveness(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('readyz')
  @HealthCheck()
  @ApiOperation({
    summary: 'Readiness: database (and broker, when configured) reachable; 503 while stopping',
  })
  @ApiServiceUnavailableResponse({ description: 'Not ready' })
  readiness(): Promise<HealthCheckResult> {
    if (this.shutdown.isShuttingDown) {
      throw new ServiceUnavailableException('Shutting down');
    }
    return this.health.check([() => this.db.pingCheck('database', { timeout: 3000 }), ...this.extra.all()]);
  }
}
