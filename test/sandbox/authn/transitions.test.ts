import { generateSync } from 'otplib';
import { describe, expect, it } from 'vitest';
import { sandboxClient, type Json } from '../support/client';
import { sandboxPerFile } from '../support/sandbox-per-file';

// The Authentication API's states beyond push: what MFA_ENROLL offers, TOTP and SMS activation,
// SMS and code-based challenges, previous, a locked-out user.

const sandbox = sandboxPerFile({ users: 12, seed: 'authn-transitions-test' });
const anonymous = sandboxClient(sandbox, null);
const api = sandboxClient(sandbox);

type Link = { href: string; name?: string; hints: { allow: string[] } };
const links = (body: Json) => body._links as unknown as Record<string, Link & Link[]>;
const signIn = (username: string) => anonymous.post<Json>('/api/v1/authn', { username, password: 'GoAw@y123' });

describe('MFA_ENROLL', () => {
  it('offers every enrollable factor with its enroll link (and the questions link for question), TOTP activation with its secret', async () => {
    const start = await signIn('dade.murphy@example.org');
    expect(start.body.status).toBe('MFA_ENROLL');
    const choices = ((start.body._embedded as Json).factors as Json[]).map((f) => [f.factorType, f.provider, f.vendorName, f.status, f.enrollment, Object.keys(f._links as object).sort().join(',')]);
    expect(choices).toEqual([
      ['question', 'OKTA', 'OKTA', 'NOT_SETUP', 'OPTIONAL', 'enroll,questions'],
      ['token:software:totp', 'OKTA', 'OKTA', 'NOT_SETUP', 'OPTIONAL', 'enroll'],
      ['token:software:totp', 'GOOGLE', 'GOOGLE', 'NOT_SETUP', 'OPTIONAL', 'enroll'],
      ['sms', 'OKTA', 'OKTA', 'NOT_SETUP', 'OPTIONAL', 'enroll'],
      ['call', 'OKTA', 'OKTA', 'NOT_SETUP', 'OPTIONAL', 'enroll'],
      ['push', 'OKTA', 'OKTA', 'NOT_SETUP', 'OPTIONAL', 'enroll'],
      ['email', 'OKTA', 'OKTA', 'NOT_SETUP', 'OPTIONAL', 'enroll'],
    ]);
    expect(links(start.body).prev).toBeUndefined();
    const stateToken = start.body.stateToken;
    const totp = await anonymous.post<Json>('/api/v1/authn/factors', { stateToken, factorType: 'token:software:totp', provider: 'GOOGLE' });
    expect(totp.body.status).toBe('MFA_ENROLL_ACTIVATE');
    expect(links(totp.body).next).toMatchObject({ name: 'activate', hints: { allow: ['POST'] } });
    expect(links(totp.body).resend).toBeUndefined();
    expect(links(totp.body).prev).toBeDefined();
    const activation = ((((totp.body._embedded as Json).factor as Json)._embedded as Json).activation as Json);
    expect(activation).toMatchObject({ timeStep: 30, encoding: 'base32', keyLength: 16 });

    const back = await anonymous.post<Json>('/api/v1/authn/previous', { stateToken });
    expect(back.body.status).toBe('MFA_ENROLL');
    const sms = await anonymous.post<Json>('/api/v1/authn/factors', { stateToken, factorType: 'sms', provider: 'OKTA', profile: { phoneNumber: '+14155550171' } });
    expect(links(sms.body).resend?.map((link) => [link.name, new URL(link.href).pathname])).toEqual([['sms', `/api/v1/authn/factors/${((sms.body._embedded as Json).factor as Json).id}/lifecycle/resend`]]);
    expect(links(sms.body).next?.name).toBe('activate');
    await api.post('/sandbox/v1/clock/advance', { seconds: 31 });
    const resent = await anonymous.post<Json>(links(sms.body).resend![0]!.href, { stateToken });
    expect(resent.body.status).toBe('MFA_ENROLL_ACTIVATE');
    const code = (await api.get<Json[]>('/sandbox/v1/outbox?to=%2B14155550171')).body.at(-1)?.code;
    const done = await anonymous.post<Json>(links(sms.body).next!.href, { stateToken, passCode: code });
    expect(done.body).toMatchObject({ status: 'SUCCESS', _embedded: { user: { profile: { login: 'dade.murphy@example.org' } } } });
    expect(String(done.body.sessionToken)).toMatch(/^20111/);
  });

  it('a question enrolled in MFA_ENROLL signs in at once', async () => {
    const dade = String((await api.get<Json>('/api/v1/users/dade.murphy@example.org')).body.id);
    await api.post(`/api/v1/users/${dade}/lifecycle/reset_factors`);
    const enroll = await signIn('dade.murphy@example.org');
    const done = await anonymous.post<Json>('/api/v1/authn/factors', { stateToken: enroll.body.stateToken, factorType: 'question', provider: 'OKTA', profile: { question: 'disliked_food', answer: 'olives' } });
    expect(done.body.status).toBe('SUCCESS');
  });

  it('PROVISIONED and SUSPENDED users cannot sign in (401); RECOVERY users can', async () => {
    const start = await signIn('chidi.okonkwo@example.org');
    expect(start.status).toBe(401);
    const ingrid = await signIn('ana.conceicao@example.org');
    expect(ingrid.status).toBe(401);
    const recovery = await signIn('meiling.lin@example.org');
    expect(recovery.body.status).toBe('MFA_REQUIRED');
  });
});

describe('MFA_REQUIRED and MFA_CHALLENGE', () => {
  it('a TOTP code signs in; a missing one is refused; sms challenges offer resend and previous', async () => {
    const uid = String((await api.get<Json>('/api/v1/users/priya.raman@example.org')).body.id);
    const start = await signIn('priya.raman@example.org');
    const factors = (start.body._embedded as Json).factors as Json[];
    expect(factors.map((f) => f.factorType)).toEqual(['web', 'token:software:totp', 'call']);
    const google = factors.find((f) => f.factorType === 'token:software:totp')!;
    const stateToken = start.body.stateToken;
    const missing = await anonymous.post<Json>((google._links as Record<string, Link>).verify!.href, { stateToken });
    expect(missing.status).toBe(400);
    const call = factors.find((f) => f.factorType === 'call')!;
    const challenged = await anonymous.post<Json>((call._links as Record<string, Link>).verify!.href, { stateToken });
    expect(challenged.body.status).toBe('MFA_CHALLENGE');
    expect(links(challenged.body).next?.name).toBe('verify');
    expect(links(challenged.body).resend?.map((link) => link.name)).toEqual(['call']);
    expect(((challenged.body._embedded as Json).factor as Json).profile).toEqual({ phoneNumber: '+1 XXX-XXX-2006', phoneExtension: '1234' });
    const back = await anonymous.post<Json>('/api/v1/authn/previous', { stateToken });
    expect(back.body.status).toBe('MFA_REQUIRED');
    const secret = (await api.get<Json>(`/sandbox/v1/users/${uid}/factors/${google.id}/passcode`)).body.sharedSecret as string;
    const now = Date.parse(String((await api.get<Json>('/sandbox/v1/clock')).body.now));
    const done = await anonymous.post<Json>((google._links as Record<string, Link>).verify!.href, { stateToken, passCode: generateSync({ secret, epoch: Math.floor(now / 1000) }) });
    expect(done.body.status).toBe('SUCCESS');
  });

  it('a YubiKey OTP signs in through the Authentication API too', async () => {
    const uid = String((await api.get<Json>('/api/v1/users/ken.watanabe@example.org')).body.id);
    const start = await signIn('ken.watanabe@example.org');
    const factors = (start.body._embedded as Json).factors as Json[];
    expect(factors.map((f) => f.factorType)).toEqual(['token:hardware', 'webauthn', 'u2f']);
    const yubikey = factors[0]!;
    const otp = (await api.get<Json>(`/sandbox/v1/users/${uid}/factors/${yubikey.id}/passcode`)).body.passCode;
    const done = await anonymous.post<Json>((yubikey._links as Record<string, Link>).verify!.href, { stateToken: start.body.stateToken, passCode: otp });
    expect(done.body.status).toBe('SUCCESS');
  });

  it('a locked-out user gets LOCKED_OUT with the unlock link, and nothing to resume', async () => {
    const locked = await signIn('lukasz.wisniewski@example.org');
    expect(locked.status).toBe(200);
    expect(locked.body).toEqual({ status: 'LOCKED_OUT', _links: { next: { name: 'unlock', href: `${sandbox.url}/api/v1/authn/recovery/unlock`, hints: { allow: ['POST'] } } } });
  });
});
