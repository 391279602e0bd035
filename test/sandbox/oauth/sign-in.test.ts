import { calculateJwkThumbprint, decodeJwt, decodeProtectedHeader, exportJWK } from 'jose';
import * as oidc from 'openid-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { sandboxClient, type Json } from '../support/client';
import { SEEDED_ADMIN_LOGINS } from '../support/admin-tokens';
import { sandboxPerFile } from '../support/sandbox-per-file';
import { AGENT_SCOPE, authorizationUrl, discover, dpopCall, SEEDED_PASSWORD, signInAgent } from './support/oauth-client';
import { SignInBrowser } from './support/sign-in-browser';

// The agent's sign-in, driven by openid-client as an independent client: authorization code +
// PKCE (S256) on the pre-registered native app, the sign-in page posted over HTTP, the code
// exchanged with a DPoP proof, then the tokens used.

describe('agent sign-in on the org authorization server', () => {
  const sandbox = sandboxPerFile({ users: 40, seed: 'oauth-sign-in' });
  let config: oidc.Configuration;

  beforeAll(async () => {
    config = await discover(sandbox, sandbox.oauth.nativeClientId);
  });

  it('starts with a native app registered for the console\'s loopback ports, DPoP required', async () => {
    expect(sandbox.oauth.nativeClientId).toMatch(/^0oa[0-9A-Za-z]{17}$/);
    expect(sandbox.oauth.nativeRedirectUris).toEqual(['http://127.0.0.1:47801/callback', 'http://127.0.0.1:47802/callback', 'http://127.0.0.1:47803/callback']);
    expect(sandbox.oauth.issuer).toBe(sandbox.url);
    const apps = await sandboxClient(sandbox).get<Json[]>('/sandbox/v1/apps');
    expect(apps.body).toContainEqual(expect.objectContaining({
      clientId: sandbox.oauth.nativeClientId,
      type: 'native',
      name: 'FactorDesk',
      dpop: true,
      scopes: ['okta.users.read', 'okta.users.manage', 'okta.groups.read', 'okta.roles.read', 'okta.logs.read', 'okta.authenticators.read', 'okta.authenticators.manage'],
    }));
  });

  it('signs a seeded agent in with code + PKCE + DPoP: Okta-shaped tokens bound to the agent\'s key, no consent page', async () => {
    const { tokens, dpopKeys, browser } = await signInAgent(sandbox, config, SEEDED_ADMIN_LOGINS.helpDesk);
    expect(tokens.token_type).toBe('dpop');
    expect(tokens.expires_in).toBe(3600);
    expect(tokens.refresh_token).toEqual(expect.any(String));
    expect(tokens.scope?.split(' ').sort()).toEqual(AGENT_SCOPE.split(' ').sort());

    const claims = tokens.claims();
    const hana = (await sandboxClient(sandbox).get<Json>(`/api/v1/users/${SEEDED_ADMIN_LOGINS.helpDesk}`)).body;
    expect(claims).toMatchObject({ sub: hana.id, preferred_username: SEEDED_ADMIN_LOGINS.helpDesk, name: 'Hana Hughes', email: SEEDED_ADMIN_LOGINS.helpDesk, iss: sandbox.url, aud: sandbox.oauth.nativeClientId });
    expect(claims?.auth_time).toEqual(expect.any(Number));

    // The access token: a JWT as Okta's org AS mints it (the console must still treat it as opaque).
    const header = decodeProtectedHeader(tokens.access_token);
    expect(header).toEqual({ alg: 'RS256', kid: expect.any(String) });
    const at = decodeJwt(tokens.access_token);
    expect(at).toEqual({
      ver: 1,
      jti: expect.stringMatching(/^AT\./),
      iss: sandbox.url,
      aud: sandbox.url,
      iat: expect.any(Number),
      exp: (at.iat ?? 0) + 3600,
      cnf: { jkt: await calculateJwkThumbprint(await exportJWK(dpopKeys.publicKey)) },
      cid: sandbox.oauth.nativeClientId,
      uid: hana.id,
      scp: expect.arrayContaining(['openid', 'okta.users.read', 'okta.users.manage', 'okta.logs.read', 'okta.roles.read']),
      auth_time: claims?.auth_time,
      sub: SEEDED_ADMIN_LOGINS.helpDesk,
    });

    // One sign-in page, then straight back to the app: Okta shows no consent page for the org's own app.
    expect(browser.cookieNames().every((name) => name.startsWith(`sbx${new URL(sandbox.url).port}_`))).toBe(true);

    const me = await dpopCall(sandbox, dpopKeys, tokens.access_token, '/api/v1/users/me');
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ id: hana.id });
  });

  it('shows a plain, labelled sign-in form prefilled from login_hint, and refuses a wrong password without leaving the page', async () => {
    const browser = new SignInBrowser({ username: SEEDED_ADMIN_LOGINS.orgAdmin, password: 'not-the-password' });
    const url = await authorizationUrl(config, sandbox.oauth.nativeRedirectUris[1] ?? '', 'openid okta.users.read', { login_hint: SEEDED_ADMIN_LOGINS.orgAdmin });
    const outcome = await browser.signIn(url, 'http://127.0.0.1:47802/');
    expect(outcome.callback).toBeNull();
    const [first] = outcome.signInPages;
    expect(first).toContain('<label for="username">Username</label>');
    expect(first).toContain('<label for="password">Password</label>');
    expect(first).toContain(`value="${SEEDED_ADMIN_LOGINS.orgAdmin}"`);
    expect(first).toContain('FactorDesk asks you to sign in');
    expect(outcome.page?.status).toBe(401);
    expect(outcome.page?.html).toContain('<p role="alert">Unable to sign in</p>');

    const page = await fetch(outcome.page?.url ?? '', { redirect: 'manual' });
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");

    const log = await sandboxClient(sandbox).get<Json[]>('/api/v1/logs?filter=' + encodeURIComponent('eventType eq "user.session.start"'));
    expect(log.body.at(-1)).toMatchObject({ eventType: 'user.session.start', outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' }, actor: { alternateId: SEEDED_ADMIN_LOGINS.orgAdmin, type: 'User' } });
  });

  it('takes only a registered redirect URI, port included, as Okta does', async () => {
    const url = await authorizationUrl(config, 'http://127.0.0.1:47999/callback', 'openid');
    const outcome = await new SignInBrowser(null).signIn(url, 'http://127.0.0.1:47999/');
    expect(outcome.callback).toBeNull();
    expect(outcome.page?.status).toBe(400);
    expect(outcome.page?.html).toContain('The &#39;redirect_uri&#39; parameter must be a Login redirect URI in the client app settings');
  });

  it('requires PKCE of the native app', async () => {
    const url = oidc.buildAuthorizationUrl(config, { redirect_uri: sandbox.oauth.nativeRedirectUris[0] ?? '', scope: 'openid', state: 'no-pkce' });
    const outcome = await new SignInBrowser(null).signIn(url, sandbox.oauth.nativeRedirectUris[0] ?? '');
    expect(outcome.callback?.searchParams.get('error')).toBe('invalid_request');
    expect(outcome.callback?.searchParams.get('error_description')).toMatch(/PKCE/);
  });

  it('answers an Okta API scope the app was not granted with invalid_scope', async () => {
    const url = await authorizationUrl(config, sandbox.oauth.nativeRedirectUris[0] ?? '', 'openid okta.apps.read');
    const outcome = await new SignInBrowser({ username: SEEDED_ADMIN_LOGINS.superAdmin, password: SEEDED_PASSWORD }).signIn(url, sandbox.oauth.nativeRedirectUris[0] ?? '');
    expect(outcome.callback?.searchParams.get('error')).toBe('invalid_scope');
  });

  it('keeps the agent signed in for the next authorization, and max_age asks for a fresh sign-in (step-up) with a new auth_time', async () => {
    const browser = new SignInBrowser({ username: SEEDED_ADMIN_LOGINS.superAdmin, password: SEEDED_PASSWORD });
    const first = await signInAgent(sandbox, config, SEEDED_ADMIN_LOGINS.superAdmin, { browser });
    const firstAuthTime = first.tokens.claims()?.auth_time ?? 0;

    const again = await signInAgent(sandbox, config, SEEDED_ADMIN_LOGINS.superAdmin, { browser });
    expect(again.tokens.claims()?.auth_time).toBe(firstAuthTime);

    await new Promise((resolve) => setTimeout(resolve, 2100));
    const stepUp = await signInAgent(sandbox, config, SEEDED_ADMIN_LOGINS.superAdmin, { browser, maxAge: 1 });
    const stepUpAuthTime = stepUp.tokens.claims()?.auth_time ?? 0;
    expect(stepUpAuthTime).toBeGreaterThanOrEqual(firstAuthTime + 2);
    expect(decodeJwt(stepUp.tokens.access_token).auth_time).toBe(stepUpAuthTime);

    // A step-up that insists on a new sign-in (prompt=login, as FactorDesk asks) still keeps the agent signed in (offline_access).
    const insisted = await signInAgent(sandbox, config, SEEDED_ADMIN_LOGINS.superAdmin, { browser, maxAge: 900, prompt: 'login' });
    expect(insisted.tokens.refresh_token).toEqual(expect.any(String));
    expect(insisted.tokens.claims()?.auth_time ?? 0).toBeGreaterThanOrEqual(stepUpAuthTime);
  });

  it('says on the sign-in page when the app asks for a fresh sign-in', async () => {
    const browser = new SignInBrowser({ username: SEEDED_ADMIN_LOGINS.orgAdmin, password: SEEDED_PASSWORD });
    await signInAgent(sandbox, config, SEEDED_ADMIN_LOGINS.orgAdmin, { browser });
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const url = await authorizationUrl(config, sandbox.oauth.nativeRedirectUris[0] ?? '', 'openid', { max_age: '1' });
    const outcome = await browser.signIn(url, sandbox.oauth.nativeRedirectUris[0] ?? '');
    expect(outcome.signInPages).toHaveLength(1);
    expect(outcome.signInPages[0]).toContain('For your security, sign in again to continue.');
    expect(outcome.callback?.searchParams.get('code')).toEqual(expect.any(String));
  });

  it('serves /userinfo for the agent\'s DPoP-bound token, and logs the session and the tokens granted', async () => {
    const { tokens, dpop } = await signInAgent(sandbox, config, SEEDED_ADMIN_LOGINS.readOnlyAdmin);
    const remy = (await sandboxClient(sandbox).get<Json>(`/api/v1/users/${SEEDED_ADMIN_LOGINS.readOnlyAdmin}`)).body;
    const info = await oidc.fetchUserInfo(config, tokens.access_token, String(remy.id), { DPoP: dpop });
    expect(info).toMatchObject({ sub: remy.id, preferred_username: SEEDED_ADMIN_LOGINS.readOnlyAdmin, name: 'Remy Reed', email: SEEDED_ADMIN_LOGINS.readOnlyAdmin });

    const events = (await sandboxClient(sandbox).get<Json[]>('/api/v1/logs?limit=1000')).body.filter((event) => (event.actor as Json).alternateId === SEEDED_ADMIN_LOGINS.readOnlyAdmin);
    const types = events.map((event) => event.eventType);
    expect(types).toEqual(expect.arrayContaining(['user.session.start', 'app.oauth2.token.grant.access_token', 'app.oauth2.token.grant.refresh_token', 'app.oauth2.token.grant.id_token']));
    const granted = events.find((event) => event.eventType === 'app.oauth2.token.grant.access_token');
    expect(granted).toMatchObject({
      outcome: { result: 'SUCCESS' },
      target: expect.arrayContaining([expect.objectContaining({ type: 'access_token', id: decodeJwt(tokens.access_token).jti })]),
      debugContext: { debugData: expect.objectContaining({ grantType: 'authorization_code', dpop: 'true', clientId: sandbox.oauth.nativeClientId }) },
    });
  });
});
