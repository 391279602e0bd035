import { z } from 'zod';
import { FactorDeskError, type ConnectionTestResult } from '../../../contract';
import { oktaUserSchema, type OktaClient } from '../okta';

/** What identifies the token's owner to the agent: "Ada Admin (ada@acme.com)". */
function describeUser(profile: { login: string; firstName?: string | null; lastName?: string | null; displayName?: string | null }): string {
  const name = profile.displayName || [profile.firstName, profile.lastName].filter(Boolean).join(' ');
  return name ? `${name} (${profile.login})` : profile.login;
}

/**
 * "Test connection": who the token belongs to (GET /api/v1/users/me), how long Okta took to
 * answer, and whether the token may read the System Log (needed by the History view).
 * Failures are the Okta client's typed errors: NOT_OKTA_URL, DNS/TLS/proxy failures,
 * INVALID_TOKEN (E0000011), PERMISSION_DENIED (E0000006).
 */
export async function probeConnection(client: OktaClient): Promise<ConnectionTestResult> {
  const started = performance.now();
  const identity = await whoIsTheToken(client);
  const latencyMs = Math.round(performance.now() - started);

  let canReadSystemLog = true;
  try {
    await client.request({ method: 'GET', path: '/api/v1/logs', query: { limit: '1' }, schema: z.array(z.unknown()) });
  } catch (error) {
    if (!(error instanceof FactorDeskError) || !['PERMISSION_DENIED', 'NOT_FOUND'].includes(error.data.code)) throw error;
    canReadSystemLog = false;
  }
  return { ok: true, identity, latencyMs, canReadSystemLog };
}

/** The token's own user; orgs (and Okta-compatible servers) without the `me` alias get a description of the token's reach. */
async function whoIsTheToken(client: OktaClient): Promise<string> {
  try {
    const me = await client.request({ method: 'GET', path: '/api/v1/users/me', schema: oktaUserSchema });
    return describeUser(me.data.profile);
  } catch (error) {
    if (!(error instanceof FactorDeskError) || error.data.code !== 'NOT_FOUND') throw error;
  }
  await client.request({ method: 'GET', path: '/api/v1/users', query: { limit: 1 }, schema: z.array(z.unknown()) });
  return `An API token that can read the users of ${client.origin}`;
}
