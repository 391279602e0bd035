import { decodeJwt, exportJWK } from 'jose';
import * as oidc from 'openid-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { sandboxClient, type Json } from '../support/client';
import { sandboxPerFile } from '../support/sandbox-per-file';
import { callApi, discover, dpopCall, newKeyPair, parseChallenge, publicJwkOf, serviceApp } from './support/oauth-client';

// Service apps: registered through the control API with their public key, scopes and admin roles;
// client credentials with private_key_jwt (aud = the token endpoint) and, unless registered with
// dpop: false, DPoP. The app acts as itself: its own roles, its client id in the System Log.

async function grantError(run: () => Promise<unknown>): Promise<{ error?: string; error_description?: string }> {
  try {
    await run();
  } catch (error) {
    return error as { error?: string; error_description?: string };
  }
  throw new Error('the token request was not refused');
}

describe('service apps', () => {
  const sandbox = sandboxPerFile({ users: 40, seed: 'oauth-service-apps' });
  const admin = sandboxClient(sandbox);
  let isaacId: string;
  let supportGroupId: string;

  beforeAll(async () => {
    isaacId = String((await admin.get<Json>('/api/v1/users/isaac@example.org')).body.id);
    const groups = await admin.get<Json[]>(`/api/v1/groups?search=${encodeURIComponent('profile.name eq "Support-managed users"')}`);
    supportGroupId = String(groups.body[0]?.id);
  });

  it('registers an app with its roles and answers its client id; bad registrations are refused with causes', async () => {
    const keys = await newKeyPair();
    const jwk = await publicJwkOf(keys, 'k1');
    const ok = await admin.post<Json>('/sandbox/v1/apps', { type: 'service', jwks: { keys: [jwk] }, scopes: ['okta.users.read'], roles: ['HELP_DESK_ADMIN'], groupIds: [supportGroupId], name: 'Desk automation' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      clientId: expect.stringMatching(/^0oa[0-9A-Za-z]{17}$/),
      type: 'service',
      name: 'Desk automation',
      dpop: true,
      scopes: ['okta.users.read'],
      roles: [expect.objectContaining({ type: 'HELP_DESK_ADMIN', assignmentType: 'CLIENT' })],
    });

    const privateJwk = { ...(await exportJWK(keys.privateKey)), kid: 'k1' };
    const refusals: Array<[Record<string, unknown>, RegExp]> = [
      [{ type: 'service', jwks: { keys: [privateJwk] }, scopes: ['okta.users.read'] }, /private key/],
      [{ type: 'service', jwks: { keys: [jwk] } }, /scopes/],
      [{ type: 'service', jwks: { keys: [jwk] }, scopes: ['okta.apps.read'] }, /scopes/],
      [{ type: 'service', jwks: { keys: [jwk] }, scopes: ['okta.users.read'], roles: ['APP_ADMIN'] }, /roles/],
      [{ type: 'service', scopes: ['okta.users.read'] }, /jwks/],
      [{ type: 'native', redirectUris: ['http://example.com/callback'] }, /loopback/],
      [{ type: 'native', redirectUris: [] }, /redirectUris/],
      [{ type: 'native', redirectUris: ['http://127.0.0.1:1/cb'], jwks: { keys: [jwk] } }, /jwks/],
      [{ type: 'web' }, /type/],
    ];
    for (const [body, cause] of refusals) {
      const refused = await admin.post<Json>('/sandbox/v1/apps', body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.errorCode).toBe('E0000001');
      expect(JSON.stringify(refused.body.errorCauses)).toMatch(cause);
    }
    expect((await sandboxClient(sandbox, sandbox.readOnlyToken).post('/sandbox/v1/apps', { type: 'native', redirectUris: ['http://127.0.0.1:1/cb'] })).status).toBe(403);
  });

  it('gets a DPoP-bound one-hour token with private_key_jwt + DPoP and acts with its own roles', async () => {
    const app = await serviceApp(sandbox, { scopes: ['okta.users.read', 'okta.users.manage', 'okta.roles.read'], roles: ['HELP_DESK_ADMIN'] });
    const tokens = await oidc.clientCredentialsGrant(app.config, { scope: 'okta.users.read okta.users.manage okta.roles.read' }, { DPoP: app.dpop });
    expect(tokens.token_type).toBe('dpop');
    expect(tokens.expires_in).toBe(3600);
    expect(tokens.refresh_token).toBeUndefined();
    const claims = decodeJwt(tokens.access_token);
    expect(claims).toMatchObject({ cid: app.clientId, sub: app.clientId, scp: expect.arrayContaining(['okta.users.read', 'okta.users.manage']), cnf: { jkt: expect.any(String) } });
    expect(claims.uid).toBeUndefined();

    expect((await dpopCall(sandbox, app.dpopKeys, tokens.access_token, '/api/v1/users?limit=3')).status).toBe(200);
    const sam = (await admin.get<Json>('/api/v1/users/sam.shaw@example.org')).body;
    const onAdmin = await dpopCall(sandbox, app.dpopKeys, tokens.access_token, `/api/v1/users/${sam.id}/lifecycle/reset_factors`, 'POST');
    expect(onAdmin.status).toBe(403);
    expect(onAdmin.headers.get('www-authenticate')).toBeNull();

    const isaacFactors = (await admin.get<Json[]>(`/api/v1/users/${isaacId}/factors`)).body;
    expect(isaacFactors.length).toBeGreaterThan(0);
    const reset = await dpopCall(sandbox, app.dpopKeys, tokens.access_token, `/api/v1/users/${isaacId}/lifecycle/reset_factors`, 'POST');
    expect(reset.status).toBe(200);
    // Identity Engine logs the reset as one deactivation per factor: each names the app.
    const filter = `eventType eq "user.mfa.factor.deactivate" and target.id eq "${isaacId}"`;
    const events = (await admin.get<Json[]>('/api/v1/logs?filter=' + encodeURIComponent(filter))).body;
    expect(events).toHaveLength(isaacFactors.length);
    for (const event of events) {
      expect(event).toMatchObject({ actor: { id: app.clientId, type: 'PublicClientApp', alternateId: app.clientId, displayName: 'FactorDesk service app' }, client: { id: app.clientId } });
    }

    const roles = await dpopCall(sandbox, app.dpopKeys, tokens.access_token, `/oauth2/v1/clients/${app.clientId}/roles`);
    expect(roles.status).toBe(200);
    expect(roles.json).toEqual([expect.objectContaining({ type: 'HELP_DESK_ADMIN', assignmentType: 'CLIENT', _links: { assignee: { href: `${sandbox.url}/oauth2/v1/clients/${app.clientId}` } } })]);

    const granted = (await admin.get<Json[]>('/api/v1/logs?filter=' + encodeURIComponent('eventType eq "app.oauth2.token.grant.access_token"'))).body.at(-1);
    expect(granted).toMatchObject({ actor: { id: app.clientId, type: 'PublicClientApp' }, debugContext: { debugData: expect.objectContaining({ grantType: 'client_credentials', dpop: 'true' }) } });
  });

  it('refuses Okta\'s way: no DPoP for a DPoP app, a scope not granted, no scope, an assertion for the issuer, a key that is not the app\'s', async () => {
    const app = await serviceApp(sandbox, { scopes: ['okta.users.read'], roles: ['READ_ONLY_ADMIN'] });
    expect(await grantError(() => oidc.clientCredentialsGrant(app.config, { scope: 'okta.users.read' }))).toMatchObject({ error: 'invalid_dpop_proof', error_description: 'The DPoP proof JWT header is missing.' });
    expect(await grantError(() => oidc.clientCredentialsGrant(app.config, { scope: 'okta.users.manage' }, { DPoP: app.dpop }))).toMatchObject({ error: 'invalid_scope' });
    expect(await grantError(() => oidc.clientCredentialsGrant(app.config, {}, { DPoP: app.dpop }))).toMatchObject({ error: 'invalid_scope', error_description: 'No scopes were requested.' });

    const issuerAudience = await discover(sandbox, app.clientId, oidc.PrivateKeyJwt({ key: app.clientKeys.privateKey, kid: app.kid }));
    expect(await grantError(() => oidc.clientCredentialsGrant(issuerAudience, { scope: 'okta.users.read' }, { DPoP: oidc.getDPoPHandle(issuerAudience, app.dpopKeys) }))).toMatchObject({
      error: 'invalid_client',
      error_description: 'The audience claim for client_assertion must be the endpoint invoked for the request.',
    });

    const stranger = await newKeyPair();
    const wrongKey = await discover(sandbox, app.clientId, oidc.PrivateKeyJwt({ key: stranger.privateKey, kid: app.kid }, { [oidc.modifyAssertion]: (_h, p) => { p.aud = `${sandbox.url}/oauth2/v1/token`; } }));
    expect(await grantError(() => oidc.clientCredentialsGrant(wrongKey, { scope: 'okta.users.read' }, { DPoP: oidc.getDPoPHandle(wrongKey, app.dpopKeys) }))).toMatchObject({ error: 'invalid_client' });
  });

  it('gives an app registered with dpop: false a Bearer token (ignoring a DPoP header), refused with the DPoP scheme', async () => {
    const app = await serviceApp(sandbox, { scopes: ['okta.users.read', 'okta.logs.read'], roles: ['READ_ONLY_ADMIN'], dpop: false });
    const tokens = await oidc.clientCredentialsGrant(app.config, { scope: 'okta.users.read okta.logs.read' }, { DPoP: app.dpop });
    expect(tokens.token_type).toBe('bearer');
    expect(decodeJwt(tokens.access_token).cnf).toBeUndefined();
    expect((await callApi(sandbox, '/api/v1/logs?limit=1', { authorization: `Bearer ${tokens.access_token}` })).status).toBe(200);
    const plain = await oidc.clientCredentialsGrant(app.config, { scope: 'okta.users.read' });
    expect(plain.token_type).toBe('bearer');
    expect(parseChallenge((await dpopCall(sandbox, app.dpopKeys, tokens.access_token, '/api/v1/users')).headers.get('www-authenticate'))?.params.error).toBe('invalid_token');
  });

  it('stops a removed app\'s tokens, and an app without roles can call nothing', async () => {
    const app = await serviceApp(sandbox, { scopes: ['okta.users.read'] });
    const tokens = await oidc.clientCredentialsGrant(app.config, { scope: 'okta.users.read' }, { DPoP: app.dpop });
    const noRoles = await dpopCall(sandbox, app.dpopKeys, tokens.access_token, '/api/v1/users?limit=1');
    expect(noRoles.status).toBe(403);
    expect(noRoles.json).toMatchObject({ errorCode: 'E0000006' });

    expect((await admin.del(`/sandbox/v1/apps/${app.clientId}`)).status).toBe(204);
    expect((await dpopCall(sandbox, app.dpopKeys, tokens.access_token, '/api/v1/users?limit=1')).status).toBe(401);
    expect(await grantError(() => oidc.clientCredentialsGrant(app.config, { scope: 'okta.users.read' }, { DPoP: app.dpop }))).toMatchObject({ error: 'invalid_client' });
    expect((await admin.del(`/sandbox/v1/apps/${app.clientId}`)).status).toBe(404);
  });
});
