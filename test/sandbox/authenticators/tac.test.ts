// The Temporary Access Code authenticator: its settings (GET/PUT /api/v1/authenticators, lifecycle),
// issuing a code (the spec's `profile` form and tac.md's `config` form), replacing, reading without the
// code, deleting, expiry on the org clock, and signing in with it at /api/v1/authn (a sandbox
// convenience: in place of the password, or as the factor after it).
import { describe, expect, it } from 'vitest';
import { DADE_LOGIN, ISAAC_LOGIN, SEEDED_PASSWORD } from '../../../sandbox/directory/generate';
import { sandboxClient } from '../support/client';
import { sandboxPerFile } from '../support/sandbox-per-file';

const sandbox = sandboxPerFile({ users: 30 });
const api = sandboxClient(sandbox);

interface Authenticator {
  id: string;
  key: string;
  status: string;
  provider?: { type: string; configuration: Record<string, unknown> };
}
interface TacEnrollment {
  id: string;
  type: string;
  status: string;
  profile: { tac?: string; multiUse: boolean; expiresAt: string };
  _links: Record<string, { href: string; hints: { allow: string[] } }>;
}
interface ErrorBody {
  errorCode: string;
  errorCauses: Array<{ errorSummary: string }>;
}

async function tacAuthenticator(): Promise<Authenticator> {
  const list = await api.get<Authenticator[]>('/api/v1/authenticators');
  expect(list.status).toBe(200);
  const tac = list.body.find((each) => each.key === 'tac');
  if (!tac) throw new Error('no TAC authenticator');
  return tac;
}
const userId = async (login: string) => (await api.get<{ id: string }>(`/api/v1/users/${encodeURIComponent(login)}`)).body.id;
const issue = (uid: string, body: unknown) => api.post<TacEnrollment & ErrorBody>(`/api/v1/users/${uid}/authenticator-enrollments/tac`, body);
const settings = (configuration: Record<string, unknown>) => ({ key: 'tac', name: 'Temporary Access Code', provider: { type: 'tac', configuration } });
const DEFAULTS = { minTtl: 10, maxTtl: 720, defaultTtl: 120, length: 16, complexity: { numbers: true, letters: true, specialCharacters: true }, multiUseAllowed: true };

describe('the TAC authenticator', () => {
  it('is listed with its settings in provider.configuration', async () => {
    const tac = await tacAuthenticator();
    expect(tac).toMatchObject({ type: 'tac', key: 'tac', status: 'ACTIVE', name: 'Temporary Access Code', provider: { type: 'tac', configuration: DEFAULTS } });
    expect(tac.id).toMatch(/^aut[A-Za-z0-9]{17}$/);
  });

  it('issues a code once (spec form), reads it back without the code, replaces it, and deletes it', async () => {
    const tac = await tacAuthenticator();
    const uid = await userId(ISAAC_LOGIN);
    const first = await issue(uid, { authenticatorId: tac.id, profile: { ttl: '60', multiUse: false } });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ type: 'tac', key: 'tac', status: 'ACTIVE', name: 'Temporary Access Code', profile: { multiUse: false } });
    const code = first.body.profile.tac ?? '';
    expect(code).toHaveLength(16);
    expect(code).toMatch(/\d/);
    expect(first.body.profile.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    expect(Date.parse(`${first.body.profile.expiresAt}Z`) - Date.now()).toBeGreaterThan(59 * 60_000);
    expect(first.body._links.self?.hints.allow).toEqual(['GET', 'DELETE']);

    const listed = await api.get<TacEnrollment[]>(`/api/v1/users/${uid}/authenticator-enrollments`);
    expect(listed.body).toHaveLength(1);
    expect(JSON.stringify(listed.body)).not.toContain(code);
    expect((await api.get<TacEnrollment>(`/api/v1/users/${uid}/authenticator-enrollments/${first.body.id}`)).body.profile.tac).toBeUndefined();

    // tac.md's form; the new code replaces the old one.
    const second = await issue(uid, { authenticatorId: tac.id, authenticatorType: 'tac', config: { ttl: 480, multiUse: true } });
    expect(second.status).toBe(200);
    expect(second.body.profile.multiUse).toBe(true);
    expect((await api.get(`/api/v1/users/${uid}/authenticator-enrollments/${first.body.id}`)).status).toBe(404);
    const oldCode = await api.post<{ errorCode: string }>('/api/v1/authn', { username: ISAAC_LOGIN, password: code });
    expect(oldCode.status).toBe(401);

    expect((await api.del(`/api/v1/users/${uid}/authenticator-enrollments/${second.body.id}`)).status).toBe(204);
    expect((await api.get<TacEnrollment[]>(`/api/v1/users/${uid}/authenticator-enrollments`)).body).toEqual([]);
    const events = await api.get<Array<{ eventType: string; target: Array<{ displayName: string }> }>>(
      `/api/v1/logs?filter=${encodeURIComponent(`target.id eq "${second.body.id}"`)}`,
    );
    expect(events.body.map((event) => event.eventType)).toEqual(['user.mfa.factor.activate', 'user.mfa.factor.deactivate']);
    expect(JSON.stringify(events.body)).not.toContain(second.body.profile.tac);
  });

  it('refuses a TTL outside the settings, multi-use when not allowed, another authenticator and an inactive one (400 E0000001)', async () => {
    const tac = await tacAuthenticator();
    const uid = await userId(ISAAC_LOGIN);
    const tooLong = await issue(uid, { authenticatorId: tac.id, profile: { ttl: '721' } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toMatchObject({ errorCode: 'E0000001', errorCauses: [{ errorSummary: "ttl: The TTL must be between 10 and 720 minutes (the org's Temporary Access Code settings)" }] });
    expect((await issue(uid, { authenticatorId: tac.id, profile: { ttl: 'soon' } })).body.errorCauses).toEqual([{ errorSummary: 'ttl: must be a whole number of minutes' }]);
    expect((await issue(uid, { profile: { ttl: '60' } })).body.errorCauses).toEqual([{ errorSummary: 'authenticatorId: The field cannot be left blank' }]);
    expect((await issue(uid, { authenticatorId: 'autNOTTHETAC000000000' })).status).toBe(400);

    expect((await api.call('PUT', `/api/v1/authenticators/${tac.id}`, settings({ ...DEFAULTS, multiUseAllowed: false }))).status).toBe(200);
    const multi = await issue(uid, { authenticatorId: tac.id, profile: { multiUse: true } });
    expect(multi.body).toMatchObject({ errorCode: 'E0000001', errorCauses: [{ errorSummary: "multiUse: The org's Temporary Access Code settings do not allow multi-use codes" }] });

    expect((await api.post(`/api/v1/authenticators/${tac.id}/lifecycle/deactivate`)).status).toBe(200);
    const inactive = await issue(uid, { authenticatorId: tac.id });
    expect(inactive.body).toMatchObject({ errorCode: 'E0000001', errorCauses: [{ errorSummary: 'authenticatorId: The Temporary Access Code authenticator is not active in this org' }] });
    expect((await api.post(`/api/v1/authenticators/${tac.id}/lifecycle/activate`)).status).toBe(200);
    expect((await api.call('PUT', `/api/v1/authenticators/${tac.id}`, settings(DEFAULTS))).status).toBe(200);

    // Settings are checked as the spec bounds them.
    const badSettings = await api.call<ErrorBody>('PUT', `/api/v1/authenticators/${tac.id}`, settings({ ...DEFAULTS, minTtl: 5, defaultTtl: 800 }));
    expect(badSettings.status).toBe(400);
    expect(badSettings.body.errorCauses.map((cause) => cause.errorSummary)).toEqual([
      'provider.configuration.minTtl: must be a whole number of minutes from 10 to 14400',
      'provider.configuration.defaultTtl: must be greater than minTtl and less than maxTtl',
    ]);
    // The read-only token (a custom role without okta.users.manage) may not issue a code.
    const readOnly = sandboxClient(sandbox, sandbox.readOnlyToken);
    expect((await readOnly.post<ErrorBody>(`/api/v1/users/${uid}/authenticator-enrollments/tac`, { authenticatorId: tac.id })).body.errorCode).toBe('E0000006');
  });

  it('lets the user sign in at /api/v1/authn with the code in place of the password (single use), or as the factor after it', async () => {
    const tac = await tacAuthenticator();
    const dade = await userId(DADE_LOGIN);
    const single = await issue(dade, { authenticatorId: tac.id, profile: { ttl: '30', multiUse: false } });
    const code = single.body.profile.tac ?? '';
    const signedIn = await api.post<{ status: string; sessionToken: string }>('/api/v1/authn', { username: DADE_LOGIN, password: code });
    expect(signedIn.body).toMatchObject({ status: 'SUCCESS' });
    expect(signedIn.body.sessionToken).toMatch(/^20111/);
    const sessions = (await api.get<{ sessions: Array<{ amr: string[]; source: string }> }>(`/sandbox/v1/users/${dade}/sessions`)).body.sessions;
    expect(sessions.at(-1)).toMatchObject({ amr: ['tac'], source: 'authn' });
    // Used up.
    expect((await api.post('/api/v1/authn', { username: DADE_LOGIN, password: code })).status).toBe(401);

    // As the factor after the password: MFA_REQUIRED offers it.
    const multi = await issue(dade, { authenticatorId: tac.id, profile: { multiUse: true } });
    const multiCode = multi.body.profile.tac ?? '';
    const primary = await api.post<{ status: string; stateToken: string; _embedded: { factors: Array<{ id: string; factorType: string; _links: { verify: { href: string } } }> } }>(
      '/api/v1/authn',
      { username: DADE_LOGIN, password: SEEDED_PASSWORD },
    );
    expect(primary.body.status).toBe('MFA_REQUIRED');
    const offered = primary.body._embedded.factors.find((factor) => factor.factorType === 'tac');
    expect(offered?.id).toBe(multi.body.id);
    const wrong = await api.post<ErrorBody>(offered?._links.verify.href ?? '', { stateToken: primary.body.stateToken, passCode: 'not-the-code' });
    expect(wrong.body.errorCode).toBe('E0000068');
    const verified = await api.post<{ status: string }>(offered?._links.verify.href ?? '', { stateToken: primary.body.stateToken, passCode: multiCode });
    expect(verified.body.status).toBe('SUCCESS');
    // Multi-use: still good until it expires on the org clock.
    expect((await api.post<{ status: string }>('/api/v1/authn', { username: DADE_LOGIN, password: multiCode })).body.status).toBe('SUCCESS');
    await api.post('/sandbox/v1/clock/advance', { seconds: 121 * 60 });
    expect((await api.post('/api/v1/authn', { username: DADE_LOGIN, password: multiCode })).status).toBe(401);
    expect((await api.get(`/api/v1/users/${dade}/authenticator-enrollments`)).body).toEqual([]);
  });
});

describe('a Classic org', () => {
  const classic = sandboxPerFile({ users: 10, engine: 'classic' });
  it('has no Authenticators API (401 E0000015)', async () => {
    const answer = await sandboxClient(classic).get<ErrorBody>('/api/v1/authenticators');
    expect(answer.status).toBe(401);
    expect(answer.body.errorCode).toBe('E0000015');
  });
});
