import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule as PinoLoggerModule } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { stdSerializers, type LoggerOptions } from 'pino';
import type { AppConfig } from '../../config/load-config';
import { redactSqlError } from '../database/sql-error-redaction';
import { ExecutionContext } from '../../shared/context/execution-context';

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

/** The options every Régua logger shares: the boot logger and nestjs-pino's. */
export function baseLoggerOptions(config: Pick<AppConfig, 'LOG_LEVEL' | 'ROLE'>): LoggerOptions {
  return {
    level: config.LOG_LEVEL,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    base: { service: 'regua', role: config.ROLE },
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

const QUIET_PATHS = new Set(['/metrics', '/healthz', '/readyz']);

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
            autoLogging: { ignore: (req) => QUIET_PATHS.has((req.url ?? '').split('?')[0] ?? '') },
            serializers: {
              ...baseLoggerOptions(config).serializers,
              req: (req: { method?: string; url?: string; headers?: unknown }) => ({
                method: req.method,
                url: req.url,
                headers: req.headers,
              }),
            },
          },
        }),
      ],
    };
  }
}
