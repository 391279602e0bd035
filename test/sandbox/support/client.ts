import type { RunningSandbox } from '../../../sandbox/index';

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * A tiny client for the sandbox over real HTTP (global fetch): the admin token unless given another
 * one or `null` (no token). The sandbox's url and token are read at each call, so a client can be
 * made before the org has started (see sandboxPerFile).
 */
export function sandboxClient(sandbox: RunningSandbox, token?: string | null) {
  async function call<T = unknown>(method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { Accept: 'application/json', ...extraHeaders };
    const presented = token === undefined ? sandbox.token : token;
    if (presented !== null) headers.Authorization = `SSWS ${presented}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(path.startsWith('http') ? path : sandbox.url + path, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      redirect: 'manual',
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      parsed = text;
    }
    return { status: response.status, headers: response.headers, body: parsed as T };
  }
  return {
    get: <T = unknown>(path: string) => call<T>('GET', path),
    post: <T = unknown>(path: string, body?: unknown, headers?: Record<string, string>) => call<T>('POST', path, body, headers),
    del: <T = unknown>(path: string) => call<T>('DELETE', path),
    call,
  };
}

export type Json = Record<string, unknown> & {
  _links?: Record<string, { href: string } & Record<string, unknown>>;
  _embedded?: Record<string, Json & Record<string, unknown>>;
};

/** `Link` header → { rel: url } */
export function parseLinks(header: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(/,\s*(?=<)/)) {
    const match = /<([^>]+)>;\s*rel="([^"]+)"/.exec(part);
    if (match?.[1] && match[2]) out[match[2]] = match[1];
  }
  return out;
}
