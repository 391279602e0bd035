import { FactorDeskError } from '../../../contract/errors';
import type { Connections } from '../feature-context';
import { isSandboxOrg } from '../orgs/saved-org-check';
import type { SavedOrgs } from '../orgs/saved-orgs';
import type { SandboxLauncher } from '../sandbox-launcher';
import type { SandboxAccess } from './sandbox-control';

export interface PracticeOrgDeps {
  saved: Pick<SavedOrgs, 'selected'>;
  connections: Connections;
  sandbox: Pick<SandboxLauncher, 'current'>;
}

function sandboxOnly(message: string): FactorDeskError {
  return new FactorDeskError({
    code: 'SANDBOX_ONLY',
    message,
    action: 'The caller\'s phone is for practice: choose "Use the sandbox org". With a real org, the caller answers on their own phone.',
  });
}

/**
 * The sandbox org's control API, when — and only when — the org the agent works in is the local
 * sandbox org FactorDesk started: saved as the sandbox org (not merely an org that happens to point
 * at a sandbox), connected, allowed by the desk's policy, and at the address of the sandbox running
 * now. For any other org this refuses before anything is sent anywhere.
 */
export function practiceOrg(deps: PracticeOrgDeps): SandboxAccess {
  const selected = deps.saved.selected();
  if (!selected || !isSandboxOrg(selected)) {
    throw sandboxOnly(selected ? `${selected.name} is a real Okta org: it has no simulated phone, and FactorDesk never plays a caller's phone there.` : 'No org is selected, so there is no phone to show.');
  }
  // Connected and allowed by the desk's policy (its refusals say what to do).
  const active = deps.connections.active();
  const running = deps.sandbox.current();
  if (!running || running.url !== selected.url || active.org.url !== running.url) {
    throw sandboxOnly('The sandbox org is not running, so its phones are not either.');
  }
  return { url: running.url, token: running.token };
}
