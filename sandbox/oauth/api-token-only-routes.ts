/**
 * Routes Okta's spec opens to API tokens only: their `security` block in management-minimal.yaml
 * has no `oauth2` entry, so no scope grants them (test/sandbox-fidelity checks this list against
 * the spec). An OAuth access token is refused there with 403 E0000006: what Okta answers is not
 * documented, and no scope the console could ask for would help.
 */
export const API_TOKEN_ONLY_ROUTES: ReadonlySet<string> = new Set(['GET /api/v1/users/:userId/factors/questions']);

/** Whether the route (by method and URL pattern) is one of them. */
export function isApiTokenOnlyRoute(method: string, routeUrl: string | undefined): boolean {
  return routeUrl !== undefined && API_TOKEN_ONLY_ROUTES.has(`${method} ${routeUrl}`);
}
