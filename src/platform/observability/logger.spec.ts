import pino from 'pino';
import { hostname } from 'node:os';
import { Writable } from 'node:stream';
import { ExecutionContext } from '../../shared/context/execution-context';
import { baseLoggerOptions, REQUEST_LINE_SERIALIZERS } from './logger.module';

function capture(extra: pino.LoggerOptions = {}) {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const logger = pino({ ...baseLoggerOptions({ LOG_LEVEL: 'info', ROLE: 'all' }), ...extra }, stream);
  return { logger, lines, raw: () => JSON.stringify(lines) };
}

describe('log lines', () => {
  it('never carry secrets: auth headers, API keys, tokens, passwords (IXC "senha" too)', () => {
    const { logger, raw } = capture();
    logger.info(
      {
        req: {
          headers: {
            authorization: 'Bearer eyJ-secret',
            'x-billing-api-key': 'rk_live_123',
            cookie: 'sid=1',
          },
        },
        password: 'hunter2',
        ixc: { cliente: { senha: 'plain-text-from-erp' } },
        integration: { token: 'ixc-token-value', apiSecret: 'magnus-secret' },
      },
      'request',
    );
    const text = raw();
    for (const secret of [
      'eyJ-secret',
      'rk_live_123',
      'sid=1',
      'hunter2',
      'plain-text-from-erp',
      'ixc-token-value',
      'magnus-secret',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('[redacted]');
  });

  it('carry the correlation id of the unit of work they belong to', () => {
    const { logger, lines } = capture();
    ExecutionContext.run({ correlationId: 'corr-1234' }, () => logger.info('inside'));
    logger.info('outside');
    expect(lines[0]).toMatchObject({
      msg: 'inside',
      correlationId: 'corr-1234',
      service: 'regua',
      role: 'all',
    });
    expect(lines[1]).not.toHaveProperty('correlationId');
  });

  it('name their level, carry an ISO time, the host and the pid', () => {
    const { logger, lines } = capture();
    logger.info('one');
    logger.error('two');
    expect(lines[0]).toMatchObject({ level: 'info', hostname: hostname(), pid: process.pid });
    expect(lines[1]).toMatchObject({ level: 'error', hostname: hostname(), pid: process.pid });
    expect(lines[0]!.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('describe a request by method, url and status, without its headers', () => {
    const { logger, lines } = capture({ serializers: REQUEST_LINE_SERIALIZERS });
    ExecutionContext.run({ correlationId: 'corr-5678' }, () =>
      logger.info(
        {
          req: {
            method: 'GET',
            url: '/api/v1/things?limit=5',
            headers: { 'user-agent': 'curl/8', accept: '*/*' },
          },
          res: { statusCode: 200, headers: { 'content-type': 'application/json' } },
          responseTime: 12,
        },
        'request completed',
      ),
    );
    expect(lines[0]).toMatchObject({
      req: { method: 'GET', url: '/api/v1/things?limit=5' },
      res: { statusCode: 200 },
      responseTime: 12,
      correlationId: 'corr-5678',
    });
    expect(JSON.stringify(lines[0])).not.toMatch(/user-agent|content-type|headers/);
  });
});
