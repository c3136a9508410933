import { tenantAdmin } from '../support/access-client';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * A fuzzer in miniature: every operation of the OpenAPI document gets the hostile inputs that once
 * answered 500 (or 200 while saving nothing). Each must be a 4xx problem+json, and the settings it
 * aimed at must be unchanged afterwards.
 */

interface Parameter {
  in: 'query' | 'path' | 'header';
  name: string;
  schema?: { type?: string; format?: string };
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: SchemaRef }> };
}

interface SchemaRef {
  $ref?: string;
  properties?: Record<string, SchemaRef & { type?: string; nullable?: boolean }>;
}

interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, SchemaRef> };
}

interface Probe {
  label: string;
  method: string;
  url: string;
  body?: string;
  contentType?: string;
}

const BEYOND_BIGINT = '99999999999999999999999';
const NOT_DATES = ['-1', '1', '2025-13-45', '20250110', 'now'];
const PROBLEM = /^application\/problem\+json/;
const SAMPLE_PATH_VALUES: Record<string, string> = {
  id: '00000000-0000-4000-8000-00000000f00d',
  system: 'ixc',
  tenant: 'fuzz',
};

const isIntegerParam = (p: Parameter) =>
  ['limit', 'offset'].includes(p.name) || p.schema?.type === 'integer' || p.schema?.type === 'number';
const isDateParam = (p: Parameter) => p.schema?.format === 'date-time' || p.schema?.format === 'date';

function bodyProperties(doc: OpenApi, operation: Operation): Array<{ name: string; nullable: boolean }> {
  const schema = operation.requestBody?.content?.['application/json']?.schema;
  const resolved = schema?.$ref ? doc.components?.schemas?.[schema.$ref.split('/').pop() as string] : schema;
  return Object.entries(resolved?.properties ?? {}).map(([name, property]) => ({
    name,
    nullable: property.nullable === true,
  }));
}

function fillPath(template: string, override?: { name: string; value: string }): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) =>
    override?.name === name ? override.value : encodeURIComponent(SAMPLE_PATH_VALUES[name] ?? 'x'),
  );
}

/** Every hostile request the document's operations can be sent. */
function probes(doc: OpenApi): Probe[] {
  const out: Probe[] = [];
  for (const [template, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const verb = method.toUpperCase();
      const path = fillPath(template);
      const parameters = operation.parameters ?? [];
      for (const p of parameters.filter((q) => q.in === 'query')) {
        out.push({ label: `NUL in query ${p.name}`, method: verb, url: `${path}?${p.name}=a%00b` });
        if (isIntegerParam(p))
          out.push({
            label: `${p.name} beyond bigint`,
            method: verb,
            url: `${path}?${p.name}=${BEYOND_BIGINT}`,
          });
        if (isDateParam(p))
          for (const value of NOT_DATES)
            out.push({ label: `${p.name}=${value}`, method: verb, url: `${path}?${p.name}=${value}` });
      }
      for (const p of parameters.filter((q) => q.in === 'path'))
        out.push({
          label: `NUL in path ${p.name}`,
          method: verb,
          url: fillPath(template, { name: p.name, value: 'a%00b' }),
        });
      if (!operation.requestBody?.content?.['application/json']) continue;
      out.push(
        { label: 'nested JSON', method: verb, url: path, body: `${'['.repeat(5000)}${']'.repeat(5000)}` },
        {
          label: 'nested JSON object',
          method: verb,
          url: path,
          body: `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`,
        },
        { label: 'text/plain', method: verb, url: path, body: 'enabled=true', contentType: 'text/plain' },
        { label: 'XML', method: verb, url: path, body: '<settings/>', contentType: 'application/xml' },
        { label: 'NUL in a key', method: verb, url: path, body: '{"a\\u0000b": 1}' },
      );
      for (const { name: property, nullable } of bodyProperties(doc, operation)) {
        out.push(
          {
            label: `NUL in body ${property}`,
            method: verb,
            url: path,
            body: JSON.stringify({ [property]: 'a\u0000b' }),
          },
          {
            label: `NUL in a list in body ${property}`,
            method: verb,
            url: path,
            body: JSON.stringify({ [property]: ['a\u0000b'] }),
          },
        );
        // A PUT replaces what it is given: null for a field that is not nullable must be refused.
        if (verb === 'PUT' && !nullable)
          out.push({
            label: `null ${property}`,
            method: verb,
            url: path,
            body: JSON.stringify({ [property]: null }),
          });
      }
    }
  }
  return out;
}

describe('hostile input on every route (OpenAPI walk)', () => {
  let t: TestApp;
  let token: string;
  let doc: OpenApi;

  beforeAll(async () => {
    t = await startTestApp();
    ({ token } = await tenantAdmin(t, 'fuzz'));
    doc = (await (await fetch(`${t.url}/docs-json`)).json()) as OpenApi;
  });
  afterAll(() => t?.close());

  const send = (probe: Probe) =>
    fetch(`${t.url}${probe.url}`, {
      method: probe.method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(probe.body !== undefined ? { 'content-type': probe.contentType ?? 'application/json' } : {}),
      },
      body: probe.body,
    });

  /** The settings documents every PUT could change (GET at the same path). */
  async function settingsSnapshot(): Promise<Record<string, string>> {
    const snapshot: Record<string, string> = {};
    for (const [path, operations] of Object.entries(doc.paths)) {
      if (!operations.put || !operations.get || path.includes('{')) continue;
      snapshot[path] = await (await send({ label: 'read', method: 'GET', url: path })).text();
    }
    return snapshot;
  }

  it('answers each hostile request with a 4xx problem+json and changes no settings', async () => {
    const all = probes(doc);
    expect(all.length).toBeGreaterThan(150);
    const before = await settingsSnapshot();
    expect(Object.keys(before)).toEqual(
      expect.arrayContaining(['/api/v1/enforcement/settings', '/api/v1/notifications/settings']),
    );
    const wrong: string[] = [];
    for (const probe of all) {
      const res = await send(probe);
      const type = res.headers.get('content-type') ?? '';
      const expected = probe.contentType ? res.status === 415 : res.status >= 400 && res.status < 500;
      if (!expected || !PROBLEM.test(type))
        wrong.push(`${probe.method} ${probe.url.slice(0, 80)} (${probe.label}) → ${res.status} ${type}`);
      await res.arrayBuffer();
    }
    expect(wrong).toEqual([]);
    expect(await settingsSnapshot()).toEqual(before);
  });

  it('rejects a NUL character at the unauthenticated login', async () => {
    for (const body of [
      { email: 'admin\u0000@fuzz.test', password: 'x' },
      { email: 'admin@fuzz.test', password: 'x\u0000' },
      { email: 'admin@fuzz.test', password: 'x', tenant: 'fu\u0000zz' },
    ]) {
      const res = await fetch(`${t.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: 'HTTP.NUL_CHARACTER' });
    }
  });

  it('names the reason, and still takes a POST without a body', async () => {
    const post = (body: string | undefined, contentType?: string) =>
      fetch(`${t.url}/api/v1/enforcement/pause`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          ...(contentType ? { 'content-type': contentType } : {}),
        },
        body,
      });
    const deep = await post(`${'['.repeat(5000)}${']'.repeat(5000)}`, 'application/json');
    expect(deep.status).toBe(400);
    expect(await deep.json()).toMatchObject({ code: 'HTTP.JSON_TOO_DEEP' });
    const xml = await post('<pause/>', 'application/xml');
    expect(xml.status).toBe(415);
    expect(await xml.json()).toMatchObject({ code: 'HTTP.UNSUPPORTED_MEDIA_TYPE' });
    const paused = await post(undefined);
    expect(paused.status).toBe(200);
    const resumed = await fetch(`${t.url}/api/v1/enforcement/resume`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(resumed.status).toBe(200);
    const date = await fetch(`${t.url}/api/v1/notifications/stats?to=-1`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(date.status).toBe(400);
    expect(await date.json()).toMatchObject({ code: 'HTTP.VALIDATION_FAILED', errors: [{ field: 'to' }] });
  });
});
