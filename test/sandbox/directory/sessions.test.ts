// Clearing a user's sessions: `DELETE /api/v1/users/{id}/sessions` ends their Okta sessions (seeded, and
// made by Authentication API sign-ins), with `oauthTokens` revokes the OAuth tokens apps hold for them
// (the org authorization server's own included), with `forgetDevices` forgets remembered devices;
// the control API reads what is left, and the System Log says `user.session.clear`.
import { describe, expect, it } from 'vitest';
import { ISAAC_LOGIN, SEEDED_PASSWORD } from '../../../sandbox/directory/generate';
import { sandboxClient } from '../support/client';
import { sandboxPerFile } from '../support/sandbox-per-file';
import { callApi, discover, resourceProof, signInAgent } from '../oauth/support/oauth-client';

const sandbox = sandboxPerFile({ users: 40 });
const api = sandboxClient(sandbox);

interface SessionsView {
  sessions: Array<{ id: string; source: string; amr: string[] }>;
  oauthTokens: Array<{ app: string }>;
  rememberedDevices: unknown[];
}

async function isaacId(): Promise<string> {
  const user = await api.get<{ id: string }>(`/api/v1/users/${encodeURIComponent(ISAAC_LOGIN)}`);
  return user.body.id;
}

const sessionsOf = async (userId: string) => (await api.get<SessionsView>(`/sandbox/v1/users/${userId}/sessions`)).body;

describe('clearing a user\'s sessions', () => {
  it('starts with seeded sessions, tokens and a remembered device, and DELETE removes them all', async () => {
    const userId = await isaacId();
    const before = await sessionsOf(userId);
    expect(before.sessions.length).toBeGreaterThan(0);
    expect(before.oauthTokens.length).toBeGreaterThan(0);
    expect(before.rememberedDevices.length).toBeGreaterThan(0);

    // The password alone is no session yet (MFA comes first); finished sign-ins add one (test/sandbox/authenticators).
    const halfway = await api.post<{ status: string }>('/api/v1/authn', { username: ISAAC_LOGIN, password: SEEDED_PASSWORD });
    expect(halfway.body.status).toBe('MFA_REQUIRED');
    expect((await sessionsOf(userId)).sessions).toHaveLength(before.sessions.length);

    const cleared = await api.del(`/api/v1/users/${userId}/sessions?oauthTokens=true&forgetDevices=true`);
    expect(cleared.status).toBe(204);
    expect(cleared.body).toBeNull();
    expect(await sessionsOf(userId)).toMatchObject({ sessions: [], oauthTokens: [], rememberedDevices: [] });

    const logs = await api.get<Array<{ eventType: string; target: Array<{ id: string }>; debugData?: unknown; debugContext: { debugData: Record<string, string> } }>>(
      `/api/v1/logs?filter=${encodeURIComponent(`eventType eq "user.session.clear" and target.id eq "${userId}"`)}`,
    );
    expect(logs.body).toHaveLength(1);
    expect(logs.body[0]?.debugContext.debugData).toMatchObject({ revokeOauthTokens: 'true', forgetDevices: 'true', sessionsCleared: String(before.sessions.length) });
  });

  it('keeps OAuth tokens without oauthTokens=true, and follows Okta\'s default for forgetDevices (true in Identity Engine)', async () => {
    const users = await api.get<Array<{ id: string; status: string }>>('/api/v1/users?limit=40');
    const withTokens: string[] = [];
    for (const user of users.body.filter((each) => each.status === 'ACTIVE')) {
      const view = await sessionsOf(user.id);
      if (view.sessions.length > 0 && view.oauthTokens.length > 0) withTokens.push(user.id);
      if (withTokens.length === 2) break;
    }
    const [first, second] = withTokens;
    if (!first || !second) throw new Error('the seeded directory has too few users with sessions');
    expect((await api.del(`/api/v1/users/${first}/sessions`)).status).toBe(204);
    const after = await sessionsOf(first);
    expect(after.sessions).toEqual([]);
    expect(after.oauthTokens.length).toBeGreaterThan(0);
    expect(after.rememberedDevices).toEqual([]);

    expect((await api.del(`/api/v1/users/${second}/sessions?forgetDevices=false`)).status).toBe(204);
    expect((await sessionsOf(second)).rememberedDevices.length).toBeGreaterThan(0);
  });

  it('answers 400 for a flag that is not true or false, 404 for an unknown user, 403 to a read-only token', async () => {
    const userId = await isaacId();
    const bad = await api.del<{ errorCode: string; errorCauses: Array<{ errorSummary: string }> }>(`/api/v1/users/${userId}/sessions?oauthTokens=yes`);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ errorCode: 'E0000001', errorCauses: [{ errorSummary: 'oauthTokens: must be true or false' }] });
    expect((await api.del('/api/v1/users/00uNOSUCHUSER0000000/sessions')).status).toBe(404);
    const readOnly = sandboxClient(sandbox, sandbox.readOnlyToken);
    expect((await readOnly.del<{ errorCode: string }>(`/api/v1/users/${userId}/sessions`)).body).toMatchObject({ errorCode: 'E0000006' });
  });

  it('revokes the org authorization server\'s tokens of the user with oauthTokens=true: their access token stops working', async () => {
    const config = await discover(sandbox, sandbox.oauth.nativeClientId);
    const login = 'sam.shaw@example.org';
    const { tokens, dpopKeys } = await signInAgent(sandbox, config, login);
    const me = `${sandbox.url}/api/v1/users/me`;
    const call = async () => callApi(sandbox, '/api/v1/users/me', { Authorization: `DPoP ${tokens.access_token}`, DPoP: await resourceProof(dpopKeys, me, tokens.access_token) });
    const before = await call();
    expect(before.status).toBe(200);
    const samId = (before.json as { id: string }).id;

    expect((await api.del(`/api/v1/users/${samId}/sessions?oauthTokens=true`)).status).toBe(204);
    expect((await call()).status).toBe(401);
    // The refresh token went with its grant.
    const refresh = await fetch(`${sandbox.url}/oauth2/v1/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token ?? '', client_id: sandbox.oauth.nativeClientId }),
    });
    expect(refresh.status).toBeGreaterThanOrEqual(400);
  });
});
