import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { MONITORING_PATHS, type MetricsService } from './metrics.service';

/**
 * Plain express middleware registered before the body parser, so requests rejected before a
 * controller runs (413, malformed JSON, 404) are observed too. The route label is the route template
 * (`/api/v1/things/:id`), never the raw path, so it stays bounded. Scrapes and probes are not
 * observed: they would dilute the latency and 5xx ratio of the traffic that matters.
 */
export function httpMetricsMiddleware(metrics: MetricsService): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (MONITORING_PATHS.has(req.path)) return next();
    const end = metrics.httpDuration.startTimer();
    res.once('finish', () => {
      const template = (req.route as { path?: string } | undefined)?.path;
      const route = template ? `${req.baseUrl}${template}` : 'unmatched';
      end({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };
}
