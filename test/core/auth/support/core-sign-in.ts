// Signing an agent in through the core, as the window and the browser do it: startSignIn, the
// org's sign-in page (posted over real HTTP by the sandbox tests' SignInBrowser), the browser
// landing on the core's loopback listener, and finishSignIn.
import { expect } from 'vitest';
import type { OrgSummary } from '../../../../contract';
import type { Core } from '../../../../main/core/core';
import { SignInBrowser } from '../../../sandbox/oauth/support/sign-in-browser';
import { call } from '../../orgs/core-harness';

export const AGENT_PASSWORD = 'GoAw@y123';

export interface CoreSignIn {
  org: OrgSummary;
  /** What the browser tab showed when it came back to FactorDesk. */
  landing: { status: number; html: string };
  authorizationUrl: URL;
  /** The sign-in pages the org showed on the way (a step-up shows its own words). */
  signInPages: string[];
}

/** The whole sign-in of `login` to the org `orgId` (a browser of its own unless one is given, so no org session is reused). */
export async function signInThroughCore(
  core: Core,
  login: string,
  options: { orgId?: string; stepUp?: boolean; browser?: SignInBrowser; password?: string } = {},
): Promise<CoreSignIn> {
  const started = await call(core, 'startSignIn', { id: options.orgId ?? 'sandbox', ...(options.stepUp ? { stepUp: true } : {}) });
  expect(started.openedInBrowser).toBe(false);
  const authorizationUrl = new URL(started.authorizationUrl);
  const redirectUri = authorizationUrl.searchParams.get('redirect_uri') ?? '';
  const browser = options.browser ?? new SignInBrowser({ username: login, password: options.password ?? AGENT_PASSWORD });
  const finished = call(core, 'finishSignIn', { signInId: started.signInId });
  // Awaited below; a failure while the browser is still on its way is reported there, not as unhandled.
  finished.catch(() => undefined);
  const outcome = await browser.signIn(authorizationUrl, redirectUri);
  if (!outcome.callback) throw new Error(`The sign-in did not come back: ${outcome.page?.status} ${outcome.page?.html.slice(0, 300)}`);
  // The browser lands on the core's loopback listener, which answers once the code is exchanged.
  const landing = await fetch(outcome.callback);
  const org = await finished;
  return { org, landing: { status: landing.status, html: await landing.text() }, authorizationUrl, signInPages: outcome.signInPages };
}

/** What a secret store holds for an org, unwrapped from its address binding (the test looks; FactorDesk never shows it). */
export async function storedSecret(store: { get(account: string): Promise<string | null> }, orgId: string, kind: 'refresh-token' | 'dpop-key' | 'client-key'): Promise<{ origin: string; secret: string } | null> {
  const text = await store.get(`${orgId}:${kind}`);
  if (text === null) return null;
  const entry = JSON.parse(text) as { v: number; origin: string; kind: string; secret: string };
  expect(entry).toMatchObject({ v: 1, kind });
  return { origin: entry.origin, secret: entry.secret };
}

/** The refresh token FactorDesk keeps for an org's sign-in. */
export async function storedRefreshToken(store: { get(account: string): Promise<string | null> }, orgId = 'sandbox'): Promise<string> {
  const entry = await storedSecret(store, orgId, 'refresh-token');
  if (!entry) throw new Error(`no sign-in kept for ${orgId}`);
  return (JSON.parse(entry.secret) as { refreshToken: string }).refreshToken;
}

/** Registers another app in the sandbox (`POST /sandbox/v1/apps`), as an Okta admin would create it. */
export async function registerSandboxApp(sandbox: { url: string; token: string }, body: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${sandbox.url}/sandbox/v1/apps`, {
    method: 'POST',
    headers: { authorization: `SSWS ${sandbox.token}`, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as { clientId?: string };
  if (response.status !== 200 || !json.clientId) throw new Error(`registering an app answered ${response.status}: ${JSON.stringify(json)}`);
  return json.clientId;
}
