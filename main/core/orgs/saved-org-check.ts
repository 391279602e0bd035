import { FactorDeskError } from '../../../contract/errors';
import type { SavedOrg } from '../settings/settings-schema';
import { normalizeOrgUrl } from './org-url';

/** The id the local sandbox org is always saved under. */
export const SANDBOX_ORG_ID = 'sandbox';

/** The local sandbox org itself (started in-process), not an org merely saved with its kind. */
export function isSandboxOrg(org: Pick<SavedOrg, 'id' | 'kind'>): boolean {
  return org.kind === 'sandbox' && org.id === SANDBOX_ORG_ID;
}

/**
 * Why a saved org cannot be used as it is in settings.json, or null when it can. The saved address
 * must pass the connection dialog's own rules (https, no path, query, credentials or IP address,
 * not the Admin Console) and be exactly the origin FactorDesk saves; only the sandbox org, saved
 * under its own id with a session-only token, may be plain http on loopback. FactorDesk writes
 * nothing else, so anything else means the file was edited by hand: the org is shown as needing
 * attention and nothing is sent to it. A custom domain, when saved, passes the same rules.
 */
export function savedOrgProblem(org: SavedOrg): FactorDeskError | null {
  const sandbox = org.kind === 'sandbox';
  if (sandbox && (org.id !== SANDBOX_ORG_ID || org.tokenStorage !== 'session')) {
    return needsAttention(org, `is saved as the sandbox org, which it is not`);
  }
  let origin: string;
  try {
    origin = normalizeOrgUrl(org.url, { allowLoopbackHttp: sandbox });
  } catch (error) {
    const reason = error instanceof FactorDeskError ? error.data.message.replace(/\.$/, '') : 'it is not an org address';
    return needsAttention(org, `(${shown(org.url)}) is not a valid org address: ${reason}`);
  }
  if (origin !== org.url) return needsAttention(org, `(${shown(org.url)}) is not in the form FactorDesk saves (${origin})`);
  if (org.customDomain !== undefined && org.customDomain !== null) {
    if (sandbox) return needsAttention(org, 'has a custom domain, which the sandbox org never has');
    let custom: string;
    try {
      custom = normalizeOrgUrl(org.customDomain);
    } catch (error) {
      const reason = error instanceof FactorDeskError ? error.data.message.replace(/\.$/, '') : 'it is not an org address';
      return needsAttention(org, `has a custom domain (${shown(org.customDomain)}) that is not a valid org address: ${reason}`);
    }
    if (custom !== org.customDomain || custom === org.url) return needsAttention(org, `has a custom domain (${shown(org.customDomain)}) not in the form FactorDesk saves`);
  }
  return null;
}

function shown(url: string): string {
  return url.length > 100 ? `${url.slice(0, 100)}…` : url;
}

function needsAttention(org: SavedOrg, what: string): FactorDeskError {
  return new FactorDeskError({
    code: 'NOT_OKTA_URL',
    message: `The saved address of ${org.name} ${what}. FactorDesk does not connect to it or send its token anywhere.`,
    action: 'Edit the org: enter its https:// address and paste its API token again. If nobody here changed it, tell your security team: the settings file was edited outside FactorDesk.',
  });
}
