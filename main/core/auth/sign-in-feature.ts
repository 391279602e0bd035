import { FactorDeskError, type OrgSummary } from '../../../contract';
import type { signInMethods } from '../../../contract/sign-in';
import type { Feature } from '../feature-context';
import type { ConnectionRegistry } from '../orgs/connection-registry';
import type { OrgCredentials } from '../orgs/org-credentials';
import { noSuchOrg } from '../orgs/org-errors';
import { isSandboxOrg, savedOrgProblem } from '../orgs/saved-org-check';
import type { SavedOrgs } from '../orgs/saved-orgs';
import type { SandboxLauncher } from '../sandbox-launcher';
import type { SavedOrg } from '../settings/settings-schema';
import { signInScopes } from './agent-scopes';
import type { OrgRules } from '../policy/org-rules';
import { notASignInOrg } from './auth-errors';
import type { AuthPolicy } from './auth-policy';
import { CALLBACK_PATH } from './loopback-listener';
import type { OrgSessions } from './org-sessions';
import { serviceAppPublicKey, type PendingServiceKeys } from './service-app-keys';
import { PendingSignIn } from './sign-in';
import type { SignIns } from './sign-ins';

export type SignInMethodName = keyof typeof signInMethods;

/** How long a sign-in waits for the agent in the browser. */
export const DEFAULT_SIGN_IN_TIMEOUT_MS = 5 * 60 * 1000;
/** How long signing out waits for Okta to revoke the sign-in before saying it is done here. */
const REVOKE_WAIT_MS = 5000;

export interface SignInFeatureDeps {
  saved: SavedOrgs;
  orgs: { summaryOf(org: SavedOrg): Promise<OrgSummary>; serialized<T>(work: () => Promise<T>): Promise<T> };
  sessions: OrgSessions;
  signIns: SignIns;
  connections: Pick<ConnectionRegistry, 'connect' | 'disconnect'>;
  credentials: Pick<OrgCredentials, 'secret'>;
  serviceKeys: PendingServiceKeys;
  /** The step-up age a fresh sign-in is asked for (`max_age`). */
  policy: Pick<AuthPolicy, 'stepUpMaxAgeMinutes'>;
  /** The desk's policy on orgs: nobody signs in to an org, or by a method, that it does not allow. */
  rules: Pick<OrgRules, 'requireAllowed' | 'requireAllowedMethod'>;
  sandbox: Pick<SandboxLauncher, 'current'>;
  /** The loopback ports the sign-in's answer may come back to (the native app's redirect URIs). */
  redirectPorts: readonly number[];
  timeoutMs: number;
  /** The desktop app opens the sign-in page in the system browser itself; true when it did. */
  openSignInPage?: (url: URL) => Promise<boolean>;
  /** A step-up sign-in finished (the agent signed in again for a risky action): its auth time. */
  onStepUpSignIn?: (orgId: string, authTime: number | null) => void;
}

/**
 * The sandbox's native app has redirect URIs of its own (the ones it was started with): its
 * sign-in listens on their ports. Every other org: the ports an Okta admin registers.
 */
function portsFor(org: SavedOrg, deps: SignInFeatureDeps): readonly number[] {
  if (!isSandboxOrg(org)) return deps.redirectPorts;
  const uris = deps.sandbox.current()?.oauth?.nativeRedirectUris ?? [];
  const ports = uris.flatMap((uri) => {
    const url = new URL(uri);
    return url.hostname === '127.0.0.1' && url.pathname === CALLBACK_PATH && url.port ? [Number(url.port)] : [];
  });
  return ports.length > 0 ? ports : deps.redirectPorts;
}

/** "Sign in with Okta" (start, wait, cancel, sign out) and service app keys, as the window asks for them. */
export function createSignInFeature(deps: SignInFeatureDeps): Feature<SignInMethodName> {
  const { saved, sessions, signIns } = deps;
  /**
   * Orgs signed out of in this run: signing out of FactorDesk does not end the agent's Okta session
   * in the browser, so the next sign-in makes Okta ask who is there (another agent at this desk).
   */
  const signedOut = new Set<string>();
  /** Sign-ins started as a step-up (`stepUp: true`), until they finish. */
  const stepUps = new Set<string>();

  async function signInOrg(id: string): Promise<SavedOrg> {
    const org = await saved.find(id);
    if (org.connection.method !== 'oauth') throw notASignInOrg(org, org.connection.method);
    deps.rules.requireAllowed(org);
    const problem = savedOrgProblem(org);
    if (problem) throw problem;
    return org;
  }

  return {
    handlers: {
      startSignIn: async ({ id, stepUp }, { clientId }) => {
        const org = await signInOrg(id);
        if (org.connection.method !== 'oauth') throw notASignInOrg(org, org.connection.method);
        const config = await sessions.nativeAppConfig(org);
        const previous = signedOut.has(org.id) ? null : await sessions.agentOf(org).catch(() => null);
        const signIn = await PendingSignIn.start({
          orgId: org.id,
          orgName: org.name,
          config,
          scopes: signInScopes(org.connection.scopes),
          ...(stepUp ? { maxAgeSeconds: Math.round(deps.policy.stepUpMaxAgeMinutes * 60) } : {}),
          ...(previous ? { loginHint: previous.login } : {}),
          ...(signedOut.has(org.id) ? { forceLogin: true } : {}),
          ports: portsFor(org, deps),
          timeoutMs: deps.timeoutMs,
        });
        signIns.add(signIn, clientId);
        if (stepUp) stepUps.add(signIn.id);
        const opened = deps.openSignInPage ? await deps.openSignInPage(signIn.authorizationUrl).catch(() => false) : false;
        return { signInId: signIn.id, authorizationUrl: signIn.authorizationUrl.href, openedInBrowser: opened, expiresAt: signIn.expiresAt.toISOString() };
      },
      finishSignIn: async ({ signInId }, { clientId }) => {
        const wasStepUp = stepUps.delete(signInId);
        const { orgId, completed } = await signIns.finish(signInId, clientId);
        if (wasStepUp) deps.onStepUpSignIn?.(orgId, completed.stored.authTime);
        return deps.orgs.serialized(async () => {
          const org = await saved.find(orgId).catch(() => {
            throw noSuchOrg(orgId);
          });
          if (org.connection.method !== 'oauth') throw notASignInOrg(org, org.connection.method);
          await sessions.adopt(org, completed);
          signedOut.delete(org.id);
          await deps.connections.disconnect(org.id);
          if ((await saved.read()).activeOrgId === org.id) await deps.connections.connect(org);
          return deps.orgs.summaryOf(org);
        });
      },
      cancelSignIn: async ({ signInId }, { clientId }) => {
        signIns.cancel(signInId, clientId);
        return null;
      },
      signOut: ({ id }) =>
        deps.orgs.serialized(async () => {
          const org = await saved.find(id);
          if (org.connection.method !== 'oauth') throw notASignInOrg(org, org.connection.method);
          signIns.cancelForOrg(org.id);
          const { revoked } = await sessions.signOut(org);
          signedOut.add(org.id);
          await deps.connections.disconnect(org.id);
          await Promise.race([revoked, new Promise((resolve) => setTimeout(resolve, REVOKE_WAIT_MS).unref())]);
          return deps.orgs.summaryOf(org);
        }),
      createServiceAppKey: async () => {
        deps.rules.requireAllowedMethod('service');
        return deps.serviceKeys.create();
      },
      getServiceAppKey: async ({ id }) => {
        const org = await saved.find(id);
        if (org.connection.method !== 'service') {
          throw new FactorDeskError({ code: 'VALIDATION', message: `${org.name} is not connected with a service app.`, action: 'Edit the org to connect it with a service app.' });
        }
        const privateJwk = await deps.credentials.secret(org, 'client-key');
        if (!privateJwk) {
          throw new FactorDeskError({
            code: 'NOT_CONNECTED',
            message: `FactorDesk has no key for ${org.name}'s service app.`,
            action: 'Edit the org: create a new key, put its public key on the app in Okta, and save.',
          });
        }
        return serviceAppPublicKey(privateJwk, org.connection.keyId);
      },
    },
    clientClosed: (clientId) => signIns.clientClosed(clientId),
    close: async () => {
      signIns.close();
      deps.serviceKeys.clear();
    },
  };
}
