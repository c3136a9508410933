import type { Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json, type NextFunction, type Request, type Response } from 'express';
import { Logger } from 'nestjs-pino';
import { AppModule, type AppRuntime } from '../app.module';
import { jsonDepthLimit, rejectNulCharacters, requireParsedBody } from '../platform/http/hostile-input';
import { sendProblem, toProblem } from '../platform/http/problem-details.filter';
import { correlationMiddleware } from '../platform/observability/correlation.middleware';
import { httpMetricsMiddleware } from '../platform/observability/http-metrics.middleware';
import { MetricsService } from '../platform/observability/metrics.service';
import { buildInfo } from '../platform/observability/build-info';

/** 10,000 billing contacts with every optional field filled (see docs/integrations/billing-api.md). */
const BILLING_SEND_BODY_LIMIT_BYTES = 8 * 1024 * 1024;

/** Builds the Nest application with the HTTP stack every process shares (also used by e2e tests). */
export async function createApp(
  runtime: AppRuntime,
  extraModules: Type[] = [],
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(runtime, extraModules), {
    bodyParser: false,
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  // Only configured proxies may say who the client is: a forged X-Forwarded-For from anyone else would
  // get round API-key IP allow-lists and per-address login limits.
  app.set(
    'trust proxy',
    runtime.config.TRUSTED_PROXIES.split(',').map((entry) => entry.trim()),
  );

  // Order matters: correlation first (every later log line carries it), then metrics, then parsing.
  app.use(correlationMiddleware);
  app.use(httpMetricsMiddleware(app.get(MetricsService)));
  // The billing API's send routes take up to 10,000 contacts a request (~3 MB): a larger limit there only.
  app.use(
    ['/api/billing/v1/billing/send', '/api/v1/billing/send'],
    json({
      limit: Math.max(runtime.config.HTTP_BODY_LIMIT_BYTES, BILLING_SEND_BODY_LIMIT_BYTES),
      type: ['application/json', 'application/*+json'],
      verify: jsonDepthLimit(),
    }),
  );
  app.useBodyParser('json', {
    limit: runtime.config.HTTP_BODY_LIMIT_BYTES,
    type: ['application/json', 'application/*+json'],
    verify: jsonDepthLimit(),
  });
  app.useBodyParser('urlencoded', { limit: runtime.config.HTTP_BODY_LIMIT_BYTES, extended: false });
  app.use(requireParsedBody);
  app.use(rejectNulCharacters);
  // Errors of the parsers and edge checks (413, malformed JSON, 415, NUL) happen before Nest's filters;
  // answer them as problem+json too.
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    sendProblem(res, toProblem(err, req));
  });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Régua API')
      .setDescription('Collections operations for Brazilian ISPs and clinic networks')
      .setVersion(buildInfo(runtime.config).version)
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });

  return app;
}
