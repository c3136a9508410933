import { CreateAdmin } from '../../src/platform/access/create-admin';
import type { TestApp } from './test-app';

export interface Reply<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface CallOptions {
  token?: string;
  apiKey?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A JSON call to the app: `token` goes as a Bearer token, `apiKey` as X-Billing-API-Key. */
export async function call<T = Record<string, unknown>>(
  baseUrl: string,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.apiKey) headers['x-billing-api-key'] = options.apiKey;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: (text ? JSON.parse(text) : undefined) as T };
}

export async function login(
  baseUrl: string,
  email: string,
  password: string,
  tenant?: string,
): Promise<string> {
  const res = await call<{ accessToken: string }>(baseUrl, 'POST', '/api/v1/auth/login', {
    body: { email, password, ...(tenant ? { tenant } : {}) },
  });
  if (res.status !== 200) throw new Error(`login of ${email} failed: ${res.status} ${res.text}`);
  return res.body.accessToken;
}

export const ADMIN_PASSWORD = 'correct horse battery staple';

/** Creates tenant `slug` with an admin (through the app's own use case) and logs in as it. */
export async function tenantAdmin(t: TestApp, slug: string, email = `admin@${slug}.test`) {
  const { userId, tenantId } = await t.app
    .get(CreateAdmin)
    .execute({ email, password: ADMIN_PASSWORD, tenantSlug: slug, mode: 'demo' });
  return { userId, tenantId, email, token: await login(t.url, email, ADMIN_PASSWORD, slug) };
}

export interface CreatedKey {
  id: string;
  secret: string;
  prefix: string;
}

export async function createApiKey(
  baseUrl: string,
  token: string,
  body: { name?: string; scopes: string[]; expiresAt?: string; allowedIps?: string[] },
): Promise<CreatedKey> {
  const res = await call<CreatedKey>(baseUrl, 'POST', '/api/v1/admin/api-keys', {
    token,
    body: { name: 'test key', ...body },
  });
  if (res.status !== 201) throw new Error(`creating an API key failed: ${res.status} ${res.text}`);
  return res.body;
}

/** A 32-byte key for REGUA_SECRET_KEY, so tests never write a key file into the repository. */
export const TEST_SECRET_KEY = 'ab'.repeat(32);
