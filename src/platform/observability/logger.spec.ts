import pino from 'pino';
import { Writable } from 'node:stream';
import { ExecutionContext } from '../../shared/context/execution-context';
import { baseLoggerOptions } from './logger.module';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const logger = pino(baseLoggerOptions({ LOG_LEVEL: 'info', ROLE: 'all' }), stream);
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
});
