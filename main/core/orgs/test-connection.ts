import { FactorDeskError, type ConnectionTestResult, type ValidatedInput } from '../../../contract';
import type { OktaClient } from '../okta';
import { getCurrentUser, listAnyUser, readAnyLogEvent } from '../okta/resources';
import { connectionMethodOf, type OrgRules } from '../policy/org-rules';
import { normalizeOrgUrl } from './org-url';
import { noToken, savedTokenStaysWithItsUrl, testNeedsUrlAndToken } from './org-errors';
import type { OrgTokens } from './org-tokens';
import { isSandboxOrg, savedOrgProblem } from './saved-org-check';
import type { SavedOrgs } from './saved-orgs';

/** What identifies the token's owner to the agent: "Ada Admin (ada@acme.com)". */
function describeUser(profile: { login: string; firstName?: string | null; lastName?: string | null; displayName?: string | null }): string {
  const name = profile.displayName || [profile.firstName, profile.lastName].filter(Boolean).join(' ');
  return name ? `${name} (${profile.login})` : profile.login;
}

/**
 * What to test: the address and token typed in, or the saved org's, with either replaced. A saved
 * token is only ever tested against its own org's address, and no token goes to an org, or by a
 * connection method, that the desk's policy does not allow.
 */
export async function connectionTarget(
  input: ValidatedInput<'testConnection'>,
  deps: { saved: Pick<SavedOrgs, 'find'>; tokens: Pick<OrgTokens, 'tokenOf'>; rules: Pick<OrgRules, 'requireAllowed' | 'requireAllowedConnection'> },
): Promise<{ url: string; token: string }> {
  if (input.id) {
    const org = await deps.saved.find(input.id);
    deps.rules.requireAllowed(org);
    const sandbox = isSandboxOrg(org);
    const url = input.url && !sandbox ? normalizeOrgUrl(input.url) : org.url;
    if (url !== org.url && !input.token) throw savedTokenStaysWithItsUrl();
    if (url !== org.url) deps.rules.requireAllowedConnection(url, connectionMethodOf(org));
    // The saved address is only tested (with any token) when it passes the connection dialog's rules.
    const problem = url === org.url ? savedOrgProblem(org) : null;
    if (problem) throw problem;
    const token = input.token ?? (await deps.tokens.tokenOf(org));
    if (!token) throw noToken(org, sandbox ? 'Start the sandbox org again.' : 'Paste the API token to test it.');
    return { url, token };
  }
  if (!input.url || !input.token) throw testNeedsUrlAndToken();
  const url = normalizeOrgUrl(input.url);
  // A token typed into the dialog is an API token (see connectionMethodOf).
  deps.rules.requireAllowedConnection(url, connectionMethodOf({ kind: 'okta' }));
  return { url, token: input.token };
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
    await readAnyLogEvent(client);
  } catch (error) {
    if (!(error instanceof FactorDeskError) || !['PERMISSION_DENIED', 'NOT_FOUND'].includes(error.data.code)) throw error;
    canReadSystemLog = false;
  }
  return { ok: true, identity, latencyMs, canReadSystemLog };
}

/** The token's own user; orgs (and Okta-compatible servers) without the `me` alias get a description of the token's reach. */
async function whoIsTheToken(client: OktaClient): Promise<string> {
  try {
    return describeUser((await getCurrentUser(client)).profile);
  } catch (error) {
    if (!(error instanceof FactorDeskError) || error.data.code !== 'NOT_FOUND') throw error;
  }
  await listAnyUser(client);
  return `An API token that can read the users of ${client.origin}`;
}
