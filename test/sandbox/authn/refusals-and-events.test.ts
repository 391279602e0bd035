// The Authentication API's refusals and what each sign-in writes to the System Log: unknown and
// inactive users, a temporary access code (TAC) of a user who may not sign in, a blank or wrong TAC
// as the MFA factor, a call naming another factor than the transaction's (E0000079), and the
// events, session and SUCCESS body of a TAC sign-in. Status and error codes follow
// okta-reference/authn.md and error-codes.json (E0000004 401, E0000068 403, E0000079 403).
import { describe, expect, it } from 'vitest';
import { DADE_LOGIN, ISAAC_ID, ISAAC_LOGIN, SEEDED_PASSWORD } from '../../../sandbox/directory/generate';
import { sandboxClient, type Json } from '../support/client';
import { sandboxPerFile } from '../support/sandbox-per-file';

const sandbox = sandboxPerFile({ users: 12, seed: 'authn-refusals-test' });
const api = sandboxClient(sandbox);
const anonymous = sandboxClient(sandbox, null);

const LOCKED_OUT_LOGIN = 'lukasz.wisniewski@example.org';
const PROVISIONED_LOGIN = 'chidi.okonkwo@example.org';

interface LogEvent {
  eventType: string;
  displayMessage: string;
  actor: { id: string; type: string; alternateId: string; displayName: string };
  outcome: { result: string; reason: string | null };
  target: Array<{ id: string; type: string; alternateId: string; displayName: string; detailEntry: unknown }>;
  authenticationContext: { credentialType: string | null };
  debugContext: { debugData: Record<string, string> };
}
interface ErrorBody {
  errorCode: string;
  errorSummary: string;
  errorCauses: Array<{ errorSummary: string }>;
}
type Link = { href: string; name?: string };
interface Transaction {
  status: string;
  stateToken: string;
  expiresAt: string;
  sessionToken?: string;
  _embedded: { factors: Array<{ id: string; factorType: string; _links: { verify: Link } }>; user: { id: string } };
  _links: Record<string, Link & Link[]>;
}

const signIn = (username: string, password: string) => anonymous.post<Transaction & ErrorBody>('/api/v1/authn', { username, password });
const userOf = async (login: string) => (await api.get<{ id: string; status: string }>(`/api/v1/users/${encodeURIComponent(login)}`)).body;
const events = async (filter: string) => (await api.get<LogEvent[]>(`/api/v1/logs?filter=${encodeURIComponent(filter)}`)).body;
// The sessions this test's sign-ins started (the seeded users come with sessions of their own).
const sessionsOf = async (userId: string) =>
  (await api.get<{ sessions: Array<{ amr: string[]; mfaActive: boolean; source: string }> }>(`/sandbox/v1/users/${userId}/sessions`)).body.sessions.filter((session) => session.source === 'authn');

async function issueTac(userId: string, profile: Record<string, unknown>): Promise<{ id: string; code: string }> {
  const authenticators = await api.get<Array<{ id: string; key: string }>>('/api/v1/authenticators');
  const tac = authenticators.body.find((each) => each.key === 'tac');
  const issued = await api.post<{ id: string; profile: { tac: string } }>(`/api/v1/users/${userId}/authenticator-enrollments/tac`, { authenticatorId: tac?.id, profile });
  expect(issued.status).toBe(200);
  return { id: issued.body.id, code: issued.body.profile.tac };
}

function expectRefused(response: { status: number; body: ErrorBody }): void {
  expect(response.status).toBe(401);
  expect(response.body).toMatchObject({ errorCode: 'E0000004', errorSummary: 'Authentication failed' });
}

describe('primary authentication refusals', () => {
  it('refuses an unknown user with 401 E0000004 and logs a failed user.session.start for the name given', async () => {
    const unknown = await signIn('nobody.here@example.org', SEEDED_PASSWORD);
    expectRefused(unknown);
    const logged = await events('eventType eq "user.session.start" and actor.alternateId eq "nobody.here@example.org"');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      displayMessage: 'User login to Okta',
      actor: { id: 'unknown', type: 'User', alternateId: 'nobody.here@example.org', displayName: 'unknown' },
      outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' },
      target: [],
      authenticationContext: { credentialType: 'PASSWORD' },
    });
  });

  it('refuses a wrong password of an ACTIVE user as INVALID_CREDENTIALS', async () => {
    expectRefused(await signIn(ISAAC_LOGIN, 'not-the-password'));
    const logged = await events(`eventType eq "user.session.start" and actor.id eq "${ISAAC_ID}"`);
    expect(logged.map((event) => [event.outcome.result, event.outcome.reason])).toEqual([['FAILURE', 'INVALID_CREDENTIALS']]);
  });

  it('refuses an inactive (PROVISIONED) user with the right password as USER_NOT_ACTIVE, and a wrong password as INVALID_CREDENTIALS', async () => {
    const chidi = await userOf(PROVISIONED_LOGIN);
    expect(chidi.status).toBe('PROVISIONED');
    expectRefused(await signIn(PROVISIONED_LOGIN, SEEDED_PASSWORD));
    expectRefused(await signIn(PROVISIONED_LOGIN, 'not-the-password'));
    const logged = await events(`eventType eq "user.session.start" and actor.id eq "${chidi.id}"`);
    expect(logged.map((event) => [event.outcome.result, event.outcome.reason])).toEqual([
      ['FAILURE', 'USER_NOT_ACTIVE'],
      ['FAILURE', 'INVALID_CREDENTIALS'],
    ]);
    expect(logged[0]).toMatchObject({ displayMessage: 'User login to Okta', actor: { alternateId: PROVISIONED_LOGIN }, target: [], authenticationContext: { credentialType: 'PASSWORD' } });
  });

  it('refuses a live temporary access code of a LOCKED_OUT or PROVISIONED user in place of the password (401), and leaves the code unused', async () => {
    for (const login of [LOCKED_OUT_LOGIN, PROVISIONED_LOGIN]) {
      const user = await userOf(login);
      const { code } = await issueTac(user.id, { multiUse: false });
      expectRefused(await signIn(login, code));
      const logged = await events(`eventType eq "user.session.start" and actor.id eq "${user.id}" and outcome.result eq "FAILURE"`);
      expect(logged.at(-1)?.outcome.reason).toBe('INVALID_CREDENTIALS');
      expect(await events(`eventType eq "user.authentication.auth_via_mfa" and actor.id eq "${user.id}"`)).toEqual([]);
      expect(await sessionsOf(user.id)).toEqual([]);
    }
    // The code was not used up: once unlocked, Łukasz signs in with it.
    const lukasz = await userOf(LOCKED_OUT_LOGIN);
    const tac = await issueTac(lukasz.id, { multiUse: false });
    expect((await api.post(`/api/v1/users/${lukasz.id}/lifecycle/unlock`)).status).toBe(200);
    expect((await signIn(LOCKED_OUT_LOGIN, tac.code)).body.status).toBe('SUCCESS');
  });

  it('asks a user whose only factor is still pending activation to enroll (MFA_ENROLL), not to verify', async () => {
    const dade = await userOf(DADE_LOGIN);
    await api.post(`/api/v1/users/${dade.id}/lifecycle/reset_factors`);
    const pending = await api.post<{ status: string }>(`/api/v1/users/${dade.id}/factors`, { factorType: 'sms', provider: 'OKTA', profile: { phoneNumber: '+1-555-415-1337' } });
    expect(pending.body.status).toBe('PENDING_ACTIVATION');
    expect((await signIn(DADE_LOGIN, SEEDED_PASSWORD)).body.status).toBe('MFA_ENROLL');
  });
});

describe('a temporary access code at the Authentication API', () => {
  it('in place of the password: one auth_via_mfa and one user.session.start event naming the TAC, a TAC-only MFA session, a token for 5 minutes', async () => {
    const isaac = await userOf(ISAAC_LOGIN);
    const tac = await issueTac(isaac.id, { multiUse: false });
    const now = Date.parse(String((await api.get<Json>('/sandbox/v1/clock')).body.now));
    const done = await signIn(ISAAC_LOGIN, tac.code);
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('SUCCESS');
    const lifetime = Date.parse(done.body.expiresAt) - now;
    expect(lifetime).toBeGreaterThan(4 * 60_000);
    expect(lifetime).toBeLessThanOrEqual(5 * 60_000 + 1_000);

    const [viaMfa, ...more] = await events(`eventType eq "user.authentication.auth_via_mfa" and actor.id eq "${ISAAC_ID}"`);
    expect(more).toEqual([]);
    expect(viaMfa).toMatchObject({
      displayMessage: 'Authentication of user via MFA',
      actor: { id: ISAAC_ID, alternateId: ISAAC_LOGIN },
      outcome: { result: 'SUCCESS', reason: null },
      target: [
        { id: ISAAC_ID, type: 'User', alternateId: ISAAC_LOGIN },
        { id: tac.id, type: 'AuthenticatorEnrollment', displayName: 'Temporary Access Code', detailEntry: { methodTypeUsed: 'tac' } },
      ],
      authenticationContext: { credentialType: 'TAC' },
      debugContext: { debugData: { factor: 'tac' } },
    });
    const started = await events(`eventType eq "user.session.start" and actor.id eq "${ISAAC_ID}" and outcome.result eq "SUCCESS"`);
    expect(started).toHaveLength(1);
    expect(started[0]).toMatchObject({ displayMessage: 'User login to Okta', outcome: { result: 'SUCCESS' }, target: [], authenticationContext: { credentialType: 'TAC' } });
    expect(JSON.stringify([viaMfa, started])).not.toContain(tac.code);

    expect(await sessionsOf(ISAAC_ID)).toMatchObject([{ amr: ['tac'], mfaActive: true }]);
  });

  it('as the MFA factor: blank is 400 E0000001, wrong is 403 E0000068 with a failed auth_via_mfa event, right signs in with pwd+tac', async () => {
    const dade = await userOf(DADE_LOGIN);
    const tac = await issueTac(dade.id, { multiUse: false });
    const primary = await signIn(DADE_LOGIN, SEEDED_PASSWORD);
    expect(primary.body.status).toBe('MFA_REQUIRED');
    const offered = primary.body._embedded.factors.find((factor) => factor.factorType === 'tac');
    expect(offered).toEqual({ id: tac.id, factorType: 'tac', provider: 'OKTA', vendorName: 'OKTA', profile: {}, _links: { verify: { href: `${sandbox.url}/api/v1/authn/factors/${tac.id}/verify`, hints: { allow: ['POST'] } } } });
    const verify = (passCode?: string) => anonymous.post<Transaction & ErrorBody>(offered!._links.verify.href, { stateToken: primary.body.stateToken, ...(passCode === undefined ? {} : { passCode }) });

    for (const blank of [undefined, '']) {
      const refused = await verify(blank);
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ errorCode: 'E0000001', errorCauses: [{ errorSummary: 'passCode: The field cannot be left blank' }] });
    }
    expect(await events(`eventType eq "user.authentication.auth_via_mfa" and actor.id eq "${dade.id}"`)).toEqual([]);

    const wrong = await verify('not-the-code');
    expect(wrong.status).toBe(403);
    expect(wrong.body).toMatchObject({ errorCode: 'E0000068', errorSummary: 'Invalid Passcode/Answer', errorCauses: [{ errorSummary: "Your passcode doesn't match our records. Please try again." }] });
    const failed = await events(`eventType eq "user.authentication.auth_via_mfa" and actor.id eq "${dade.id}"`);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      displayMessage: 'Authentication of user via MFA',
      outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' },
      target: [{ id: dade.id, type: 'User' }, { id: tac.id, type: 'AuthenticatorEnrollment', displayName: 'Temporary Access Code' }],
      authenticationContext: { credentialType: 'TAC' },
      debugContext: { debugData: { factor: 'tac' } },
    });
    expect(JSON.stringify(failed)).not.toContain('not-the-code');

    const done = await verify(tac.code);
    expect(done.body.status).toBe('SUCCESS');
    const all = await events(`eventType eq "user.authentication.auth_via_mfa" and actor.id eq "${dade.id}"`);
    expect(all.map((event) => [event.outcome.result, event.outcome.reason])).toEqual([
      ['FAILURE', 'INVALID_CREDENTIALS'],
      ['SUCCESS', null],
    ]);
    expect(all[1]).toMatchObject({ displayMessage: 'Authentication of user via MFA', target: [{ id: dade.id }, { id: tac.id }], authenticationContext: { credentialType: 'TAC' } });
    const started = await events(`eventType eq "user.session.start" and actor.id eq "${dade.id}" and outcome.result eq "SUCCESS"`);
    expect(started.map((event) => event.authenticationContext.credentialType)).toEqual(['PASSWORD']);
    expect(await sessionsOf(dade.id)).toMatchObject([{ amr: ['pwd', 'tac'], mfaActive: true }]);
  });
});

describe('a call naming another factor than the transaction is on', () => {
  it('answers 403 E0000079 to a resend of a factor other than the one challenged', async () => {
    const start = await signIn(ISAAC_LOGIN, SEEDED_PASSWORD);
    const [sms, other] = [start.body._embedded.factors.find((f) => f.factorType === 'sms'), start.body._embedded.factors.find((f) => f.factorType !== 'sms' && f.factorType !== 'tac')];
    // One SMS per number every 30 s.
    await api.post('/sandbox/v1/clock/advance', { seconds: 31 });
    const challenged = await anonymous.post<Transaction>(sms!._links.verify.href, { stateToken: start.body.stateToken });
    expect(challenged.body.status).toBe('MFA_CHALLENGE');
    const wrongFactor = await anonymous.post<ErrorBody>(`/api/v1/authn/factors/${other!.id}/verify/resend`, { stateToken: start.body.stateToken });
    expect(wrongFactor.status).toBe(403);
    expect(wrongFactor.body).toMatchObject({ errorCode: 'E0000079', errorSummary: 'This operation is not allowed in the current authentication state.' });
    // The challenged factor's own resend still works.
    await api.post('/sandbox/v1/clock/advance', { seconds: 31 });
    expect((await anonymous.post<Transaction>(challenged.body._links.resend![0]!.href, { stateToken: start.body.stateToken })).body.status).toBe('MFA_CHALLENGE');
  });
});

describe('transaction bodies, by value', () => {
  const href = (path: string) => ({ href: `${sandbox.url}${path}`, hints: { allow: ['POST'] } });
  async function practiceUser(login: string, factors: unknown[] = []): Promise<{ id: string; factors: Array<{ id: string; factorType: string; status: string }> }> {
    const made = await api.post<{ id: string; factors: Array<{ id: string; factorType: string; status: string }> }>('/sandbox/v1/users', { firstName: 'Pat', lastName: 'Doe', login, signedInBefore: false, factors });
    expect(made.status).toBe(200);
    return made.body;
  }

  it("MFA_REQUIRED: the user with passwordChanged, only ACTIVE factors, each with its verify link; cancel answers UNAUTHENTICATED with the way back in", async () => {
    const user = await practiceUser('pat.required@example.org', [{ factorType: 'sms', phoneNumber: '+15550142201' }]);
    const pending = await api.post<{ id: string; status: string }>(`/api/v1/users/${user.id}/factors`, { factorType: 'call', provider: 'OKTA', profile: { phoneNumber: '+15550142202' } });
    expect(pending.body.status).toBe('PENDING_ACTIVATION');
    const admin = (await api.get<{ passwordChanged: string }>(`/api/v1/users/${user.id}`)).body;
    const start = await signIn('pat.required@example.org', SEEDED_PASSWORD);
    expect(start.body.status).toBe('MFA_REQUIRED');
    expect(start.body._embedded.user).toMatchObject({ id: user.id, passwordChanged: admin.passwordChanged });
    const sms = user.factors[0]!;
    expect(start.body._embedded.factors).toEqual([
      { id: sms.id, factorType: 'sms', provider: 'OKTA', vendorName: 'OKTA', profile: { phoneNumber: '+1 XXX-XXX-2201' }, _links: { verify: href(`/api/v1/authn/factors/${sms.id}/verify`) } },
    ]);

    const challenged = await anonymous.post<Transaction>(`/api/v1/authn/factors/${sms.id}/verify`, { stateToken: start.body.stateToken });
    expect(challenged.body.status).toBe('MFA_CHALLENGE');
    expect(challenged.body._links).toEqual({
      next: { name: 'verify', ...href(`/api/v1/authn/factors/${sms.id}/verify`) },
      resend: [{ name: 'sms', ...href(`/api/v1/authn/factors/${sms.id}/verify/resend`) }],
      cancel: href('/api/v1/authn/cancel'),
      prev: href('/api/v1/authn/previous'),
    });

    const code = (await api.get<Json[]>('/sandbox/v1/outbox?to=%2B15550142201')).body.at(-1)?.code;
    const done = await anonymous.post<Transaction>(challenged.body._links.next!.href, { stateToken: start.body.stateToken, passCode: code });
    expect(done.body.status).toBe('SUCCESS');
    expect(await sessionsOf(user.id)).toMatchObject([{ amr: ['pwd', 'mfa'], mfaActive: true }]);

    const again = await signIn('pat.required@example.org', SEEDED_PASSWORD);
    const cancelled = await anonymous.post<Json>('/api/v1/authn/cancel', { stateToken: again.body.stateToken });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toEqual({ status: 'UNAUTHENTICATED', _links: { next: href('/api/v1/authn') } });
  });

  it('MFA_ENROLL_ACTIVATE: push shows a WAITING activation with its send links; sms and call only their resend link; a wrong code is 403 E0000068', async () => {
    await practiceUser('pat.enroll@example.org');
    const start = await signIn('pat.enroll@example.org', SEEDED_PASSWORD);
    expect(start.body.status).toBe('MFA_ENROLL');
    const enroll = (body: Record<string, unknown>) => anonymous.post<Transaction & { factorResult?: string; _embedded: { factor: Json } }>('/api/v1/authn/factors', { stateToken: start.body.stateToken, ...body });

    const push = await enroll({ factorType: 'push', provider: 'OKTA' });
    const pushId = String(push.body._embedded.factor.id);
    const activation = (push.body._embedded.factor._embedded as Record<string, Json>).activation!;
    expect(activation).toMatchObject({ factorResult: 'WAITING', expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect((activation._links as unknown as { send: Link[] }).send).toEqual([
      { name: 'email', ...href(`/api/v1/authn/factors/${pushId}/lifecycle/activate/email`) },
      { name: 'sms', ...href(`/api/v1/authn/factors/${pushId}/lifecycle/activate/sms`) },
    ]);
    expect((await anonymous.post<Transaction>('/api/v1/authn/previous', { stateToken: start.body.stateToken })).body.status).toBe('MFA_ENROLL');

    for (const [factorType, phoneNumber] of [['sms', '+15550142203'], ['call', '+15550142204']] as const) {
      const enrolled = await enroll({ factorType, provider: 'OKTA', profile: { phoneNumber } });
      expect(enrolled.body.status).toBe('MFA_ENROLL_ACTIVATE');
      const factorId = String(enrolled.body._embedded.factor.id);
      expect(enrolled.body._embedded.factor._embedded).toBeUndefined();
      expect(enrolled.body._links).toEqual({
        next: { name: 'activate', ...href(`/api/v1/authn/factors/${factorId}/lifecycle/activate`) },
        resend: [{ name: factorType, ...href(`/api/v1/authn/factors/${factorId}/lifecycle/resend`) }],
        cancel: href('/api/v1/authn/cancel'),
        prev: href('/api/v1/authn/previous'),
      });
      const wrong = await anonymous.post<ErrorBody>(`/api/v1/authn/factors/${factorId}/lifecycle/activate`, { stateToken: start.body.stateToken, passCode: '000000x' });
      expect(wrong.status).toBe(403);
      expect(wrong.body.errorCode).toBe('E0000068');
      expect((await anonymous.post<Transaction>('/api/v1/authn/previous', { stateToken: start.body.stateToken })).body.status).toBe('MFA_ENROLL');
    }
  });
});
