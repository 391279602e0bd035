import type * as oidc from 'openid-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { sandboxClient, type Json } from '../support/client';
import { SEEDED_ADMIN_LOGINS } from '../support/admin-tokens';
import { sandboxPerFile } from '../support/sandbox-per-file';
import { discover, dpopCall, parseChallenge, registerApp, signInAgent, type KeyPair } from './support/oauth-client';

// An agent's access token is bounded twice: by the scopes the token carries (403 with an
// insufficient_scope challenge naming the one the route needs) and by the agent's own admin roles,
// per target (plain 403 E0000006, as for SSWS). What they do is theirs in the System Log.

describe('scopes and admin roles for signed-in agents', () => {
  const sandbox = sandboxPerFile({ users: 40, seed: 'oauth-scopes' });
  let config: oidc.Configuration;
  let isaacId: string;
  let samId: string;

  beforeAll(async () => {
    config = await discover(sandbox, sandbox.oauth.nativeClientId);
    isaacId = String((await sandboxClient(sandbox).get<Json>('/api/v1/users/isaac@example.org')).body.id);
    samId = String((await sandboxClient(sandbox).get<Json>(`/api/v1/users/${SEEDED_ADMIN_LOGINS.superAdmin}`)).body.id);
  });

  it('answers 403 insufficient_scope naming the scope the route needs, with E0000006', async () => {
    const { tokens, dpopKeys } = await signInAgent(sandbox, config, SEEDED_ADMIN_LOGINS.superAdmin, { scope: 'openid okta.users.read' });
    expect((await dpopCall(sandbox, dpopKeys, tokens.access_token, `/api/v1/users/${isaacId}/factors`)).status).toBe(200);

    const reset = await dpopCall(sandbox, dpopKeys, tokens.access_token, `/api/v1/users/${isaacId}/lifecycle/reset_factors`, 'POST');
    expect(reset.status).toBe(403);
    expect(reset.json).toMatchObject({ errorCode: 'E0000006', errorCauses: [] });
    expect(parseChallenge(reset.headers.get('www-authenticate'))).toEqual({
      scheme: 'DPoP',
      params: {
        algs: 'RS256 RS384 RS512 ES256 ES384 ES512',
        authorization_uri: `http://${new URL(sandbox.url).host}/oauth2/v1/authorize`,
        realm: `http://${new URL(sandbox.url).host}`,
        scope: 'okta.users.manage',
        error: 'insufficient_scope',
        error_description: 'The access token provided does not contain the required scopes.',
        resource: `/api/v1/users/${isaacId}/lifecycle/reset_factors`,
      },
    });
    const logs = await dpopCall(sandbox, dpopKeys, tokens.access_token, '/api/v1/logs');
    expect(parseChallenge(logs.headers.get('www-authenticate'))?.params).toMatchObject({ scope: 'okta.logs.read', error: 'insufficient_scope' });
    // Nothing was reset.
    expect(((await sandboxClient(sandbox).get<Json[]>(`/api/v1/users/${isaacId}/factors`)).body).length).toBeGreaterThan(0);
  });

  it('takes okta.users.manage for okta.users.read, as Okta does', async () => {
    const { tokens, dpopKeys } = await signInAgent(sandbox, config, SEEDED_ADMIN_LOGINS.superAdmin, { scope: 'openid okta.users.manage' });
    expect((await dpopCall(sandbox, dpopKeys, tokens.access_token, `/api/v1/users/${isaacId}`)).status).toBe(200);
  });

  it('bounds a help-desk agent by their role: 403 on an admin target (no challenge), their own actions allowed and attributed to them', async () => {
    const { tokens, dpopKeys } = await signInAgent(sandbox, config, SEEDED_ADMIN_LOGINS.helpDesk);
    const onAdmin = await dpopCall(sandbox, dpopKeys, tokens.access_token, `/api/v1/users/${samId}/lifecycle/reset_factors`, 'POST');
    expect(onAdmin.status).toBe(403);
    expect(onAdmin.headers.get('www-authenticate')).toBeNull();
    expect(onAdmin.json).toMatchObject({ errorCode: 'E0000006', errorSummary: 'You do not have permission to perform the requested action' });

    const logsRead = await dpopCall(sandbox, dpopKeys, tokens.access_token, '/api/v1/logs');
    expect(logsRead.status).toBe(403);
    expect(logsRead.headers.get('www-authenticate')).toBeNull();

    const isaacFactors = (await sandboxClient(sandbox).get<Json[]>(`/api/v1/users/${isaacId}/factors`)).body;
    expect(isaacFactors.length).toBeGreaterThan(0);
    const reset = await dpopCall(sandbox, dpopKeys, tokens.access_token, `/api/v1/users/${isaacId}/lifecycle/reset_factors`, 'POST');
    expect(reset.status).toBe(200);
    const hana = (await sandboxClient(sandbox).get<Json>(`/api/v1/users/${SEEDED_ADMIN_LOGINS.helpDesk}`)).body;
    // Identity Engine logs the reset as one deactivation per factor: each names the agent and the app.
    const filter = `eventType eq "user.mfa.factor.deactivate" and target.id eq "${isaacId}"`;
    const events = (await sandboxClient(sandbox).get<Json[]>('/api/v1/logs?filter=' + encodeURIComponent(filter))).body;
    expect(events).toHaveLength(isaacFactors.length);
    for (const event of events) {
      expect(event).toMatchObject({
        actor: { id: hana.id, type: 'User', alternateId: SEEDED_ADMIN_LOGINS.helpDesk, displayName: 'Hana Hughes' },
        client: { id: sandbox.oauth.nativeClientId },
        target: expect.arrayContaining([expect.objectContaining({ id: isaacId })]),
      });
      expect((event.transaction as Json).detail).toEqual({});
    }
  });

  it('lets a signed-in agent read their own roles through /users/me/roles', async () => {
    const { tokens, dpopKeys } = await signInAgent(sandbox, config, SEEDED_ADMIN_LOGINS.helpDesk);
    const roles = await dpopCall(sandbox, dpopKeys, tokens.access_token, '/api/v1/users/me/roles');
    expect(roles.status).toBe(200);
    expect(roles.json).toEqual([expect.objectContaining({ type: 'HELP_DESK_ADMIN', assignmentType: 'USER' })]);
  });

  it('refuses OAuth tokens on a route Okta opens to API tokens only (security questions)', async () => {
    const { tokens, dpopKeys } = await signInAgent(sandbox, config, SEEDED_ADMIN_LOGINS.superAdmin);
    const questions = await dpopCall(sandbox, dpopKeys, tokens.access_token, `/api/v1/users/${isaacId}/factors/questions`);
    expect(questions.status).toBe(403);
    expect(questions.json).toMatchObject({ errorCode: 'E0000006' });
    expect((await sandboxClient(sandbox).get(`/api/v1/users/${isaacId}/factors/questions`)).status).toBe(200);
  });

  it('keeps SSWS tokens working beside OAuth, unscoped', async () => {
    const list = await sandboxClient(sandbox).get<Json[]>('/api/v1/users?limit=1');
    expect(list.status).toBe(200);
    expect(list.headers.get('www-authenticate')).toBeNull();
  });

  it('takes a non-DPoP native app\'s Bearer token, and refuses the DPoP scheme with it', async () => {
    const { clientId } = await registerApp(sandbox, { type: 'native', redirectUris: ['http://127.0.0.1:47811/callback'], dpop: false, scopes: ['okta.users.read'] });
    const bearerConfig = await discover(sandbox, clientId);
    const { tokens, dpopKeys } = await signInAgent(sandbox, bearerConfig, SEEDED_ADMIN_LOGINS.superAdmin, { scope: 'openid okta.users.read', redirectUri: 'http://127.0.0.1:47811/callback' });
    // openid-client sent a DPoP proof; an app that does not require DPoP ignores it, as Okta does.
    expect(tokens.token_type).toBe('bearer');
    const bearer = await fetch(`${sandbox.url}/api/v1/users?limit=1`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(bearer.status).toBe(200);
    const asDpop = await dpopCall(sandbox, dpopKeys as KeyPair, tokens.access_token, '/api/v1/users?limit=1');
    expect(asDpop.status).toBe(401);
    expect(parseChallenge(asDpop.headers.get('www-authenticate'))?.params.error).toBe('invalid_token');
  });
});
