import type { FastifyRequest } from 'fastify';

/** The request's path without its query string. */
export function pathOf(request: FastifyRequest): string {
  return request.url.split('?')[0] ?? request.url;
}

/** The Okta API the org imitates: rate-limited, counted in flight and open to injected faults. */
export function isOktaApi(path: string): boolean {
  return path.startsWith('/api/v1');
}
