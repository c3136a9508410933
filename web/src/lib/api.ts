/** The console talks only to the public API (/api/v1), with the user's JWT; errors are problem+json. */

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  errors?: Array<{ field?: string; messages?: string[] }>;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(plainMessage(status, problem));
  }
}

/** The problem's `detail` in plain words, with field errors when the API listed them. */
export function plainMessage(status: number, problem: Problem): string {
  const fieldErrors = (problem.errors ?? [])
    .map((e) => [e.field, (e.messages ?? []).join(', ')].filter(Boolean).join(': '))
    .filter(Boolean);
  const base =
    problem.detail ?? problem.title ?? (status === 0 ? 'Sem conexão com o servidor.' : `Erro ${status}.`);
  return fieldErrors.length ? `${base} (${fieldErrors.join('; ')})` : base;
}

type Listener = () => void;

let token: string | null = null;
let onUnauthorized: Listener = () => undefined;

export function setToken(value: string | null): void {
  token = value;
}

/** Called when the API answers 401 to a signed-in request (expired or revoked session). */
export function setUnauthorizedHandler(listener: Listener): void {
  onUnauthorized = listener;
}

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  signal?: AbortSignal;
  /** Skip the session (login). */
  anonymous?: boolean;
}

export function withQuery(path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}${path.includes('?') ? '&' : '?'}${text}` : path;
}

export async function api<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (token && !options.anonymous) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`/api/v1${withQuery(path, options.query)}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, { detail: 'Sem conexão com o servidor. Verifique a rede e tente de novo.' });
  }
  const text = await response.text();
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }
  if (!response.ok) {
    if (response.status === 401 && token && !options.anonymous) onUnauthorized();
    throw new ApiError(response.status, (body as Problem | undefined) ?? {});
  }
  return body as T;
}

export const get = <T>(path: string, query?: RequestOptions['query'], signal?: AbortSignal) =>
  api<T>('GET', path, { query, signal });
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, { body: body ?? {} });
export const put = <T>(path: string, body: unknown) => api<T>('PUT', path, { body });
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, { body });
export const del = <T>(path: string) => api<T>('DELETE', path);

export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
