import express from 'express';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { consoleMiddleware } from './serve-console';

describe('consoleMiddleware (the operator console at /)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'regua-console-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Régua</title><div id="root"></div>');
  writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const app = express();
  app.use(consoleMiddleware(dir)!);
  app.use((req, res) => res.status(404).type('application/problem+json').send('{"status":404}'));

  it.each(['/', '/em-aberto', '/bloqueios/execucoes/123', '/regua/modelos?x=1'])(
    'answers the app shell for %s, with a strict CSP and no caching',
    async (path) => {
      const res = await request(app).get(path).expect(200);
      expect(res.type).toBe('text/html');
      expect(res.text).toContain('<div id="root">');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['cache-control']).toBe('no-cache');
    },
  );

  it('serves hashed assets for good', async () => {
    const res = await request(app).get('/assets/index-abc.js').expect(200);
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it.each([
    ['GET', '/api/v1/nothing'],
    ['GET', '/api'],
    ['GET', '/docs'],
    ['GET', '/docs-json'],
    ['GET', '/metrics'],
    ['GET', '/healthz'],
    ['GET', '/readyz'],
    ['GET', '/assets/missing.js'],
    ['GET', '/favicon.ico'],
    ['POST', '/'],
    ['DELETE', '/em-aberto'],
  ])('leaves %s %s to the API (its own 404, problem+json)', async (method, path) => {
    const res = await request(app)[method.toLowerCase() as 'get' | 'post' | 'delete'](path).expect(404);
    expect(res.type).toBe('application/problem+json');
  });

  it('is off when the console was not built', () => {
    expect(consoleMiddleware(join(dir, 'nowhere'))).toBeUndefined();
  });
});
