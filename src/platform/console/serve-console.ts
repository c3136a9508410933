import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';

/** Paths the API owns: the console never answers them, so their 404s stay problem+json. */
const API_PREFIXES = ['/api', '/docs', '/metrics', '/healthz', '/readyz'];

/**
 * The console's built files (`vite build` writes them to `dist/web`). Compiled, this file lives in
 * `dist/src/platform/console`; run from source (tests, ts-node) in `src/platform/console`.
 */
export function consoleDirectory(): string {
  const root = resolve(__dirname, '../../..');
  return basename(root) === 'dist' ? join(root, 'web') : join(root, 'dist', 'web');
}

/** Only same-origin scripts, styles and API calls; no framing. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

function ownedByApi(path: string): boolean {
  return API_PREFIXES.some(
    (prefix) => path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}-`),
  );
}

/**
 * Express middleware serving the operator console at `/`: its static files, and `index.html` for any
 * other GET of a non-API path (the SPA routes on the client). Returns undefined when the console was
 * not built (`npm run build`), so `/` keeps answering the API's 404.
 */
export function consoleMiddleware(
  directory = consoleDirectory(),
): ((req: Request, res: Response, next: NextFunction) => void) | undefined {
  const index = join(directory, 'index.html');
  if (!existsSync(index)) return undefined;
  const files = express.static(directory, {
    index: false,
    fallthrough: true,
    setHeaders: (res, path) => {
      // Vite names assets by content hash: cache them for good; never cache index.html.
      res.setHeader(
        'Cache-Control',
        path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
      res.setHeader('X-Content-Type-Options', 'nosniff');
    },
  });
  return (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || ownedByApi(req.path)) return next();
    files(req, res, (err?: unknown) => {
      if (err) return next(err);
      // A missing asset is a 404, not the app shell.
      if (req.path.startsWith('/assets/') || /\.[a-z0-9]+$/i.test(req.path)) return next();
      res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
      res.setHeader('Cache-Control', 'no-cache');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('X-Frame-Options', 'DENY');
      res.setHeader('Referrer-Policy', 'no-referrer');
      res.sendFile(index);
    });
  };
}
