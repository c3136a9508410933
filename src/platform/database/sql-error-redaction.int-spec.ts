import { Writable } from 'node:stream';
import pino from 'pino';
import { pinoHttp } from 'pino-http';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { baseLoggerOptions } from '../observability/logger.module';
import { dataSourceOptions } from './data-source-options';

const CONFIG = { LOG_LEVEL: 'info', ROLE: 'all' } as const;

function capture(): { stream: Writable; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { stream, lines };
}

/**
 * What the application's loggers write for `logger.error({ err }, …)`: the boot logger (pino) and the
 * request logger nestjs-pino builds with pino-http from the same options, as LoggerModule does. Both
 * lines must be the same.
 */
function logLine(err: unknown): string {
  const boot = capture();
  pino(baseLoggerOptions(CONFIG), boot.stream).error({ err }, 'query failed');
  const http = capture();
  const options = baseLoggerOptions(CONFIG);
  pinoHttp({ ...options, serializers: { ...options.serializers } }, http.stream).logger.error(
    { err },
    'query failed',
  );
  const strip = (line: string) => JSON.stringify({ ...(JSON.parse(line) as object), time: 0, pid: 0 });
  expect(http.lines.map(strip)).toEqual(boot.lines.map(strip));
  return boot.lines.join('');
}

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('the query was expected to fail');
}

describe('a failed query in the logs', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource(dataSourceOptions({ url: database.url, poolSize: 1 })).initialize();
    await dataSource.query(`CREATE TABLE public.people (email text PRIMARY KEY)`);
    await dataSource.query(`INSERT INTO public.people VALUES ($1)`, ['ana@example.com']);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('keeps the query and its code but none of its parameter values', async () => {
    const error = await failure(() =>
      dataSource.query(`SELECT * FROM access.api_keys WHERE secret_hash = $1 AND no_such_column = $2`, [
        'sha256-of-the-secret',
        'login@example.com',
      ]),
    );
    const line = logLine(error);
    expect(line).not.toContain('sha256-of-the-secret');
    expect(line).not.toContain('login@example.com');
    expect(JSON.parse(line)).toMatchObject({
      err: {
        type: 'QueryFailedError',
        code: '42703',
        query: expect.stringContaining('WHERE secret_hash = $1'),
        message: expect.stringContaining('no_such_column'),
      },
    });
  });

  it('drops the key values Postgres quotes in a constraint violation', async () => {
    const error = await failure(() =>
      dataSource.query(`INSERT INTO public.people VALUES ($1)`, ['ana@example.com']),
    );
    const line = logLine(error);
    expect(line).not.toContain('ana@example.com');
    expect(JSON.parse(line)).toMatchObject({ err: { code: '23505', constraint: 'people_pkey' } });
  });

  it('drops the value a data exception quotes in its message', async () => {
    const error = await failure(() => dataSource.query(`SELECT $1::uuid`, ['not-a-uuid-but-a-secret']));
    const line = logLine(error);
    expect(line).not.toContain('not-a-uuid-but-a-secret');
    expect(JSON.parse(line)).toMatchObject({
      err: { code: '22P02', message: 'invalid input syntax for type uuid: "[redacted]"' },
    });
  });
});
