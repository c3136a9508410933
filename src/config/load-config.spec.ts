import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, knownVariables, loadConfig } from './load-config';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const LIVE = {
  IXC_BASE_URL: 'https://erp.example.com/webservice/v1',
  IXC_USER: '7',
  IXC_TOKEN: 'tok',
  MAGNUS_BASE_URL: 'https://voip.example.com/mbilling',
  MAGNUS_API_KEY: 'k',
  MAGNUS_API_SECRET: 's',
  DISCORD_WEBHOOK_URL: 'https://discord.com/api/webhooks/1/abc',
  JWT_SECRET: 'x'.repeat(40),
  REGUA_SECRET_KEY: 'a'.repeat(64),
};

describe('loadConfig', () => {
  it('runs with no configuration at all: demo mode, embedded database, port 3000, role all', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      REGUA_MODE: 'demo',
      PORT: 3000,
      ROLE: 'all',
      LOG_LEVEL: 'info',
      DB_MIGRATIONS_RUN: true,
      HTTP_BODY_LIMIT_BYTES: 1024 * 1024,
      REGUA_DATA_DIR: '.regua',
    });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.AMQP_URL).toBeUndefined();
  });

  it('parses numbers and booleans from strings', () => {
    const config = loadConfig({ PORT: '8080', DB_MIGRATIONS_RUN: 'false', DB_POOL_SIZE: '3' });
    expect(config).toMatchObject({ PORT: 8080, DB_MIGRATIONS_RUN: false, DB_POOL_SIZE: 3 });
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['ROLE', 'everything'],
    ['LOG_LEVEL', 'loud'],
    ['REGUA_MODE', 'staging'],
    ['DATABASE_URL', 'mysql://x'],
    ['AMQP_URL', 'http://rabbit'],
    ['DB_MIGRATIONS_RUN', 'maybe'],
    ['HTTP_BODY_LIMIT_BYTES', '10'],
    ['TRUSTED_PROXIES', '10.0.0.0/33'],
    ['TRUSTED_PROXIES', 'everyone'],
    ['INTEGRATION_ALLOWED_HOSTS', 'erp.lan;evil'],
  ])('rejects %s=%s with a message naming the variable and the value', (name, value) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${name}: `));
    expect(problems[0]).toContain(JSON.stringify(value));
  });

  it('reports every bad variable at once', () => {
    const problems = problemsOf({ PORT: 'x', ROLE: 'y' });
    expect(problems.map((p) => p.split(':')[0])).toEqual(['PORT', 'ROLE']);
  });

  it('defaults to live mode once an external system is configured, and then requires all of that system', () => {
    const problems = problemsOf({ IXC_BASE_URL: 'https://erp.example.com/webservice/v1' });
    expect(problems.join('\n')).toMatch(/IXC_USER, IXC_TOKEN: required in live mode/);
    expect(problems.join('\n')).not.toMatch(/MAGNUS|DISCORD/);
  });

  it('runs live with only one system configured (the others are off, not simulated)', () => {
    const ixcOnly = {
      IXC_BASE_URL: LIVE.IXC_BASE_URL,
      IXC_USER: LIVE.IXC_USER,
      IXC_TOKEN: LIVE.IXC_TOKEN,
      JWT_SECRET: LIVE.JWT_SECRET,
      REGUA_SECRET_KEY: LIVE.REGUA_SECRET_KEY,
    };
    expect(loadConfig(ixcOnly).REGUA_MODE).toBe('live');
  });

  it('refuses explicit live mode with nothing configured', () => {
    expect(problemsOf({ REGUA_MODE: 'live' }).length).toBeGreaterThan(0);
  });

  it('starts in live mode when every integration is configured', () => {
    expect(loadConfig(LIVE).REGUA_MODE).toBe('live');
  });

  it('refuses the demo secrets of docker-compose.yml in live mode', () => {
    const problems = problemsOf({
      ...LIVE,
      JWT_SECRET: 'demo-only-jwt-secret-change-me-0123456789',
      REGUA_SECRET_KEY: '0'.repeat(64),
    });
    expect(problems.join('\n')).toMatch(/JWT_SECRET: the demo value/);
    expect(problems.join('\n')).toMatch(/REGUA_SECRET_KEY: the all-zero demo key/);
  });

  // Each of these passes the URL syntax check and used to fail only at the first sync, run or report.
  it.each([
    ['DISCORD_WEBHOOK_URL', 'https://discord.com/api/webhooks/123456', '/webhooks/<id>/<token>'],
    ['DISCORD_WEBHOOK_URL', 'https://discord.com/channels/1/secret-token-x', '/webhooks/<id>/<token>'],
    ['DISCORD_WEBHOOK_URL', 'ftp://discord.com/api/webhooks/1/secret-token-x', 'not ftp'],
    [
      'DISCORD_ERROR_WEBHOOK_URL',
      'https://discord.com/api/webhook/1/secret-token-x',
      '/webhooks/<id>/<token>',
    ],
    ['IXC_BASE_URL', 'ftp://erp.example.com/webservice/v1', 'not ftp'],
    ['MAGNUS_BASE_URL', 'https://admin:secret-token-x@voip.example.com/mbilling', 'credentials'],
    ['MAGNUS_BASE_URL', 'https://voip.example.com/mbilling?secret-token-x', 'query string'],
    ['SMS_BASE_URL', 'ftp://sms.example.com', 'not ftp'],
  ])('live mode refuses to start with a malformed %s=%s, naming the variable', (name, value, why) => {
    const problems = problemsOf({ ...LIVE, [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${name}: `));
    expect(problems[0]).toContain(why);
    expect(problems[0]).not.toContain('secret-token-x');
  });

  it('live mode checks Evolution and SMTP URLs too', () => {
    const problems = problemsOf({
      ...LIVE,
      EVOLUTION_BASE_URL: 'ftp://wa.example.com',
      EVOLUTION_API_KEY: 'k',
      EVOLUTION_INSTANCE: 'main',
      SMTP_URL: 'smtp://[broken',
    });
    expect(problems.map((p) => p.split(':')[0])).toEqual(['EVOLUTION_BASE_URL', 'SMTP_URL']);
  });

  it('accepts the URL forms the clients accept (a Discord v10 route, a LAN IXC, a trailing slash)', () => {
    const config = loadConfig({
      ...LIVE,
      DISCORD_WEBHOOK_URL: 'https://discord.com/api/v10/webhooks/1234/abc-DEF_1?thread_id=9',
      DISCORD_ERROR_WEBHOOK_URL: 'http://127.0.0.1:8080/api/webhooks/1/tok/',
      IXC_BASE_URL: 'http://10.0.0.5:8080/webservice/v1/',
    });
    expect(config.REGUA_MODE).toBe('live');
  });

  it('lets demo mode be forced even with settings present (they are then unused)', () => {
    expect(loadConfig({ ...LIVE, REGUA_MODE: 'demo' }).REGUA_MODE).toBe('demo');
  });

  it('documents every variable it reads in .env.example, and nothing it does not read', () => {
    const example = readFileSync(join(__dirname, '..', '..', '.env.example'), 'utf8');
    const documented = [...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]);
    // Read by scripts and the CLI, not by the app.
    const extra = ['TEST_DATABASE_URL', 'TEST_AMQP_URL', 'REGUA_URL', 'REGUA_API_KEY'];
    expect([...new Set(documented)].sort()).toEqual([...knownVariables(), ...extra].sort());
  });
});
