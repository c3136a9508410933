import type { ProblemDetails } from '../../src/platform/http/problem-details';
import { FixtureHttpModule } from '../support/fixture-http.module';
import { openApiProblems } from '../support/validate-openapi';
import { startTestApp, type TestApp } from '../support/test-app';

const PROBLEM = /^application\/problem\+json/;

describe('HTTP platform: validation, problem+json, limits, metrics, docs, health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ extraModules: [FixtureHttpModule], env: { HTTP_BODY_LIMIT_BYTES: '2048' } });
  });
  afterAll(() => t?.close());

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${t.url}/api/fixture/things`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });

  it('accepts a valid body and transforms it to the DTO', async () => {
    const res = await post(JSON.stringify({ name: 'router', quantity: 2 }));
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ created: { name: 'router', quantity: 2 }, quantityType: 'number' });
  });

  it('rejects an unknown field with field-level problem details', async () => {
    const res = await post(JSON.stringify({ name: 'router', quantity: 2, admin: true }));
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(PROBLEM);
    const problem = (await res.json()) as ProblemDetails;
    expect(problem).toMatchObject({
      status: 400,
      code: 'HTTP.VALIDATION_FAILED',
      title: 'Request validation failed',
      instance: '/api/fixture/things',
      errors: [{ field: 'admin', messages: ['property admin should not exist'] }],
    });
    expect(problem.type).toMatch(/^https:\/\//);
    expect(problem.correlationId).toBe(res.headers.get('x-correlation-id'));
  });

  it('rejects wrong types, naming each field (nested ones with their path)', async () => {
    const res = await post(JSON.stringify({ name: 7, quantity: 'two', address: { city: 3 } }));
    expect(res.status).toBe(400);
    const { errors } = (await res.json()) as ProblemDetails;
    expect((errors ?? []).map((e) => e.field).sort()).toEqual(['address.city', 'name', 'quantity']);
  });

  it('rejects a body above the limit with 413 problem+json', async () => {
    const res = await post(JSON.stringify({ name: 'x', quantity: 1, blob: 'a'.repeat(4096) }));
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toMatch(PROBLEM);
    expect(await res.json()).toMatchObject({ status: 413, code: 'HTTP.PAYLOAD_TOO_LARGE' });
  });

  it('rejects malformed JSON with 400 problem+json', async () => {
    const res = await post('{"name": ');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ status: 400, code: 'HTTP.MALFORMED_JSON' });
  });

  it('maps a domain error code to its HTTP status in one place', async () => {
    const res = await post(JSON.stringify({ name: 'taken', quantity: 1 }));
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({
      status: 409,
      code: 'FIXTURE.THING_ALREADY_EXISTS',
      title: 'A thing named taken already exists',
      name: 'taken',
    });
  });

  it('answers 404 for unknown routes and bad path params as problem+json', async () => {
    const missing = await fetch(`${t.url}/api/nowhere`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'HTTP.NOT_FOUND' });
    const badParam = await fetch(`${t.url}/api/fixture/things/abc`);
    expect(badParam.status).toBe(400);
    expect(badParam.headers.get('content-type')).toMatch(PROBLEM);
  });

  it('never leaks internals in a 500', async () => {
    const res = await fetch(`${t.url}/api/fixture/things/crash`);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toMatch(/hunter2|secret internal|db\.ts|at \//);
    expect(JSON.parse(text)).toMatchObject({ status: 500, code: 'HTTP.INTERNAL' });
  });

  it('echoes a well-formed request id and generates one otherwise', async () => {
    const given = await fetch(`${t.url}/healthz`, { headers: { 'x-request-id': 'req-12345678' } });
    expect(given.headers.get('x-request-id')).toBe('req-12345678');
    const generated = await fetch(`${t.url}/healthz`, { headers: { 'x-request-id': 'bad id!' } });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('exposes the HTTP histogram by route template, build info and default metrics', async () => {
    await fetch(`${t.url}/api/fixture/things/41`);
    const res = await fetch(`${t.url}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(
      /http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/api\/fixture\/things\/:id",status="200"\}/,
    );
    expect(text).toMatch(
      /http_request_duration_seconds_count\{method="POST",route="\/api\/fixture\/things",status="413"\}|route="unmatched",status="413"/,
    );
    expect(text).toMatch(
      /regua_build_info\{version="\d+\.\d+\.\d+",commit="[^"]+",node_version="v\d+[^"]*",mode="demo",regua_role="all"\} 1/,
    );
    expect(text).toMatch(/process_resident_memory_bytes/);
  });

  it('serves a valid OpenAPI 3 document and the docs UI', async () => {
    const doc = (await (await fetch(`${t.url}/docs-json`)).json()) as {
      openapi: string;
      info: { title: string };
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.title).toBe('Régua API');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/healthz', '/readyz']));
    expect(openApiProblems(doc)).toBeNull();
    expect(
      openApiProblems({ ...doc, paths: { '/x': { get: { responses: 'not-an-object' } } } }),
    ).not.toBeNull();
    const ui = await fetch(`${t.url}/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toMatch(/swagger-ui/i);
  });

  it('reports liveness and readiness (database up)', async () => {
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', details: { database: { status: 'up' } } });
  });
});
