/**
 * Which of Okta's rate-limit buckets a request counts against (rl-global-mgmt.md: the exact endpoint
 * first, then the longest prefix). Requests in one bucket share one budget, so the bulk pacer must
 * count them together: `/users/{id}/factors` and `/users/{id}/lifecycle/reset_factors` are both
 * "most other API actions". When Okta's table is silent (factors, a group's members) the requests are
 * put with the bucket the sandbox and the documentation's prefix rule suggest; headers decide the rest.
 */
export type OktaBucket = 'authn' | 'usersList' | 'userGet' | 'userWrite' | 'groupsList' | 'groupById' | 'logs' | 'api' | 'other';

export function oktaBucketOf(method: string, pathname: string): OktaBucket {
  if (pathname.startsWith('/api/v1/authn')) return 'authn';
  if (pathname === '/api/v1/logs') return 'logs';
  if (pathname === '/api/v1/users') return 'usersList';
  if (/^\/api\/v1\/users\/[^/]+$/.test(pathname)) return method === 'GET' ? 'userGet' : 'userWrite';
  if (/^\/api\/v1\/groups\/[^/]+$/.test(pathname)) return 'groupById';
  // "/api/v1/groups except /api/v1/groups/{id}": the list, and what lies below one group.
  if (pathname === '/api/v1/groups' || pathname.startsWith('/api/v1/groups/')) return 'groupsList';
  if (pathname.startsWith('/api/v1/')) return 'api';
  return 'other';
}
