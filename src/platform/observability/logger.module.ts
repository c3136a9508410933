import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule as PinoLoggerModule } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { hostname } from 'node:os';
import { stdSerializers, stdTimeFunctions, type LoggerOptions } from 'pino';
import type { AppConfig } from '../../config/load-config';
import { redactSqlError } from '../database/sql-error-redaction';
import { ExecutionContext } from '../../shared/context/execution-context';
import { MONITORING_PATHS } from './metrics.service';

/** Paths pino replaces with "[redacted]". Secrets never reach a log line. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-billing-api-key"]',
  'req.headers["x-api-key"]',
  'req.headers["idempotency-key"]',
  'res.headers["set-cookie"]',
  ...[
    'password',
    'token',
    'accessToken',
    'refreshToken',
    'secret',
    'apiKey',
    'api_key',
    'apiSecret',
    'senha',
    'authorization',
    'secrets',
    'webhookUrl',
    'passwordHash',
    'secretHash',
  ].flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
];

/**
 * The options every Régua logger shares: the boot logger and nestjs-pino's. Lines are meant for a log
 * store, not for pino-pretty: the level by name (`"info"`, queryable as a label), ISO time, and the
 * host and pid of the process on every line.
 */
export function baseLoggerOptions(config: Pick<AppConfig, 'LOG_LEVEL' | 'ROLE'>): LoggerOptions {
  return {
    level: config.LOG_LEVEL,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    base: { service: 'regua', role: config.ROLE, hostname: hostname(), pid: process.pid },
    formatters: { level: (label) => ({ level: label }) },
    timestamp: stdTimeFunctions.isoTime,
    // A failed query's error carries its parameters: they never reach a log line.
    // (pino-http hands this serializer errors it already serialized: those are only redacted.)
    serializers: {
      err: (err: unknown) =>
        err instanceof Error ? stdSerializers.err(redactSqlError(err) as Error) : redactSqlError(err),
    },
    // Correlation ids come from ExecutionContext so non-HTTP work (jobs, consumers) carries them too.
    mixin: () => {
      const scope = ExecutionContext.current();
      return scope ? { correlationId: scope.correlationId } : {};
    },
  };
}

/**
 * A request line says what was asked and how it ended (method, url, status; pino-http adds
 * `responseTime` in ms and the correlation id comes from the mixin), not the whole header dump.
 */
export const REQUEST_LINE_SERIALIZERS = {
  req: (req: { method?: string; url?: string }) => ({ method: req.method, url: req.url }),
  res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
};

@Module({})
export class LoggerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: LoggerModule,
      imports: [
        PinoLoggerModule.forRoot({
          pinoHttp: {
            ...baseLoggerOptions(config),
            genReqId: (req: IncomingMessage) =>
              (req as IncomingMessage & { id?: string }).id ?? ExecutionContext.newId(),
            quietReqLogger: true,
            customAttributeKeys: { reqId: 'requestId' },
            autoLogging: { ignore: (req) => MONITORING_PATHS.has((req.url ?? '').split('?')[0] ?? '') },
            serializers: { ...baseLoggerOptions(config).serializers, ...REQUEST_LINE_SERIALIZERS },
          },
        }),
      ],
    };
  }
}
