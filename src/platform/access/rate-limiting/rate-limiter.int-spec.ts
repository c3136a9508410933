import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../database/data-source-options';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { eventually } from '../../../../test/support/eventually';
import { RateLimiter } from './rate-limiter';

describe('RateLimiter (Postgres, shared by processes)', () => {
  let database: TestDatabase;
  const sources: DataSource[] = [];
  let one: RateLimiter;
  let two: RateLimiter;

  beforeAll(async () => {
    database = await createTestDatabase();
    for (let i = 0; i < 2; i++) {
      const source = new DataSource(dataSourceOptions({ url: database.url, poolSize: 8 }));
      await source.initialize();
      sources.push(source);
    }
    one = new RateLimiter(sources[0] as DataSource);
    two = new RateLimiter(sources[1] as DataSource);
  });
  afterAll(async () => {
    for (const source of sources) await source.destroy();
    await database?.drop();
  });

  it('lets exactly `limit` of many concurrent hits through, across two processes', async () => {
    const hits = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? one : two).hit('test:concurrent', 10, 60)),
    );
    expect(hits.filter((h) => h.allowed)).toHaveLength(10);
    expect(hits.map((h) => h.count).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    for (const hit of hits.filter((h) => !h.allowed)) {
      expect(hit.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(hit.retryAfterSeconds).toBeLessThanOrEqual(60);
    }
  });

  it('opens a new window once the old one closes, and gives a hit back on refund', async () => {
    expect((await one.hit('test:window', 1, 1)).allowed).toBe(true);
    expect((await one.hit('test:window', 1, 1)).allowed).toBe(false);
    await eventually(async () => (await two.hit('test:window', 1, 1)).allowed, {
      timeoutMs: 3000,
      intervalMs: 200,
      description: 'a new window',
    });

    expect((await one.hit('test:refund', 1, 60)).allowed).toBe(true);
    await two.refund('test:refund');
    expect((await one.hit('test:refund', 1, 60)).allowed).toBe(true);
  });

  it('hashes what identifies a bucket, so no e-mail or address is stored', () => {
    const bucket = RateLimiter.bucket('login_account', 'default', 'someone@example.com');
    expect(bucket).toMatch(/^login_account:[A-Za-z0-9_-]{32}$/);
    expect(bucket).not.toContain('example');
    expect(RateLimiter.bucket('login_account', 'default', 'someone@example.com')).toBe(bucket);
    expect(RateLimiter.bucket('login_account', 'defaults', 'omeone@example.com')).not.toBe(bucket);
  });
});
