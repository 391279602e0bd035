import { decodeJwt } from 'jose';
import * as oidc from 'openid-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { sandboxClient, type Json } from '../support/client';
import { SEEDED_ADMIN_LOGINS } from '../support/admin-tokens';
import { sandboxPerFile } from '../support/sandbox-per-file';
import { discover, dpopCall, newKeyPair, signInAgent } from './support/oauth-client';

// Refresh tokens rotate on every use; a rotated one coming back is taken as theft: the whole grant
// is revoked (its refresh and access tokens), as Okta does, and logged as detect_reuse.

async function refreshError(config: oidc.Configuration, refreshToken: string, dpop: oidc.DPoPHandle): Promise<{ error?: string; error_description?: string }> {
  try {
    await oidc.refreshTokenGrant(config, refreshToken, undefined, { DPoP: dpop });
  } catch (error) {
    return error as { error?: string; error_description?: string };
  }
  throw new Error('the refresh was not refused');
}

describe('refresh token rotation and reuse detection', () => {
  const sandbox = sandboxPerFile({ users: 30, seed: 'oauth-refresh' });
  let config: oidc.Configuration;

  beforeAll(async () => {
    config = await discover(sandbox, sandbox.oauth.nativeClientId);
  });

  it('rotates the refresh token on every refresh, keeping the DPoP binding', async () => {
    const { tokens, dpop, dpopKeys } = await signInAgent(sandbox, config, SEEDED_ADMIN_LOGINS.superAdmin);
    const next = await oidc.refreshTokenGrant(config, tokens.refresh_token ?? '', undefined, { DPoP: dpop });
    expect(next.refresh_token).toEqual(expect.any(String));
    expect(next.refresh_token).not.toBe(tokens.refresh_token);
    expect(next.token_type).toBe('dpop');
    expect(decodeJwt(next.access_token).cnf).toEqual(decodeJwt(tokens.access_token).cnf);
    expect((await dpopCall(sandbox, dpopKeys, next.access_token, '/api/v1/users?limit=1')).status).toBe(200);
    // The access token of before still works until it expires (only reuse revokes the grant).
    expect((await dpopCall(sandbox, dpopKeys, tokens.access_token, '/api/v1/users?limit=1')).status).toBe(200);
  });

  it('revokes the whole grant when a rotated refresh token comes back: old and new refresh and access tokens all refused', async () => {
    const { tokens, dpop, dpopKeys } = await signInAgent(sandbox, config, SEEDED_ADMIN_LOGINS.orgAdmin);
    const rotated = await oidc.refreshTokenGrant(config, tokens.refresh_token ?? '', undefined, { DPoP: dpop });

    const reuse = await refreshError(config, tokens.refresh_token ?? '', dpop);
    expect(reuse).toMatchObject({ error: 'invalid_grant', error_description: 'The refresh token is invalid or expired.' });
    expect(await refreshError(config, rotated.refresh_token ?? '', dpop)).toMatchObject({ error: 'invalid_grant' });

    for (const accessToken of [tokens.access_token, rotated.access_token]) {
      const answer = await dpopCall(sandbox, dpopKeys, accessToken, '/api/v1/users?limit=1');
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toContain('error="invalid_token"');
      expect(answer.json).toMatchObject({ errorCode: 'E0000011' });
    }

    const events = (await sandboxClient(sandbox).get<Json[]>('/api/v1/logs?filter=' + encodeURIComponent('eventType eq "app.oauth2.token.detect_reuse"'))).body;
    expect(events.at(-1)).toMatchObject({ outcome: { result: 'FAILURE' }, actor: { alternateId: SEEDED_ADMIN_LOGINS.orgAdmin } });
  });

  it('refuses a refresh token presented with another DPoP key (a stolen refresh token)', async () => {
    const { tokens } = await signInAgent(sandbox, config, SEEDED_ADMIN_LOGINS.readOnlyAdmin);
    const thief = oidc.getDPoPHandle(config, await newKeyPair());
    expect(await refreshError(config, tokens.refresh_token ?? '', thief)).toMatchObject({ error: 'invalid_grant', error_description: 'The refresh token is invalid or expired.' });
  });

  it('revokes at /oauth2/v1/revoke: an access token stops working at once, a refresh token takes its grant with it', async () => {
    const { tokens, dpop, dpopKeys } = await signInAgent(sandbox, config, SEEDED_ADMIN_LOGINS.helpDesk);
    const second = await oidc.refreshTokenGrant(config, tokens.refresh_token ?? '', undefined, { DPoP: dpop });

    await oidc.tokenRevocation(config, tokens.access_token);
    expect((await dpopCall(sandbox, dpopKeys, tokens.access_token, '/api/v1/users?limit=1')).status).toBe(401);
    expect((await dpopCall(sandbox, dpopKeys, second.access_token, '/api/v1/users?limit=1')).status).toBe(200);

    await oidc.tokenRevocation(config, second.refresh_token ?? '');
    expect(await refreshError(config, second.refresh_token ?? '', dpop)).toMatchObject({ error: 'invalid_grant' });
    expect((await dpopCall(sandbox, dpopKeys, second.access_token, '/api/v1/users?limit=1')).status).toBe(401);

    const revocations = (await sandboxClient(sandbox).get<Json[]>('/api/v1/logs?filter=' + encodeURIComponent('eventType eq "app.oauth2.token.revoke"'))).body;
    expect(revocations.map((event) => (event.debugContext as { debugData: Json }).debugData.tokenType)).toEqual(expect.arrayContaining(['access_token', 'refresh_token']));
  });

  it('expires access tokens after an hour of org time: advancing the clock answers 401, a refresh gets a working one', async () => {
    const { tokens, dpop, dpopKeys } = await signInAgent(sandbox, config, SEEDED_ADMIN_LOGINS.superAdmin);
    expect((await sandboxClient(sandbox).post('/sandbox/v1/clock/advance', { seconds: 3601 })).status).toBe(200);
    expect((await dpopCall(sandbox, dpopKeys, tokens.access_token, '/api/v1/users?limit=1')).status).toBe(401);
    const next = await oidc.refreshTokenGrant(config, tokens.refresh_token ?? '', undefined, { DPoP: dpop });
    expect((await dpopCall(sandbox, dpopKeys, next.access_token, '/api/v1/users?limit=1')).status).toBe(200);
  });
});
