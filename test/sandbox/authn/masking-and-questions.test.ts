import { describe, expect, it } from 'vitest';
import { maskEmail, maskedProfile, maskPhoneNumber } from '../../../sandbox/authn/masking';
import { sandboxClient, type Json } from '../support/client';
import { sandboxPerFile } from '../support/sandbox-per-file';

// Before MFA the Authentication API shows phone numbers as `+1 XXX-XXX-1337` and emails as
// `d...y@example.com` (authn.md); the MFA_ENROLL security-question link is public.

const sandbox = sandboxPerFile({ users: 20, seed: 'authn-masking-test' });
const api = sandboxClient(sandbox);
const anonymous = sandboxClient(sandbox, null);

type Link = { href: string; name?: string; hints?: { allow: string[] } };

const signIn = (username: string) => anonymous.post<Json>('/api/v1/authn', { username, password: 'GoAw@y123' });

describe('masking', () => {
  it('masks a phone number as country code, XXX-XXX- and the last four digits', () => {
    expect(maskPhoneNumber('+15554151337')).toBe('+1 XXX-XXX-1337');
    expect(maskPhoneNumber('+1-555-415-1337')).toBe('+1 XXX-XXX-1337');
    expect(maskPhoneNumber('+34612345678')).toBe('+34 XXX-XXX-5678');
    expect(maskPhoneNumber('+819012345678')).toBe('+81 XXX-XXX-5678');
    expect(maskPhoneNumber('+442079460000')).toBe('+44 XXX-XXX-0000');
    // Not a number libphonenumber knows: the digits before the last ten stand for the country code.
    expect(maskPhoneNumber('+9995554151337')).toBe('+999 XXX-XXX-1337');
  });

  it("masks an email's local part to its first and last character", () => {
    expect(maskEmail('dade.murphy@example.com')).toBe('d...y@example.com');
    expect(maskEmail('isaac@example.org')).toBe('i...c@example.org');
    expect(maskEmail('a.b@x@example.org')).toBe('a...x@example.org');
    expect(maskEmail('a@example.org')).toBe('a...a@example.org');
    expect(maskEmail('not-an-email')).toBe('not-an-email');
    expect(maskEmail('@example.org')).toBe('@example.org');
  });

  it('masks only phone numbers and emails in a profile, and leaves the original alone', () => {
    const profile = { phoneNumber: '+15554151337', phoneExtension: '1234', email: 'isaac@example.org', credentialId: 'isaac@example.org' };
    expect(maskedProfile(profile)).toEqual({ phoneNumber: '+1 XXX-XXX-1337', phoneExtension: '1234', email: 'i...c@example.org', credentialId: 'isaac@example.org' });
    expect(profile.phoneNumber).toBe('+15554151337');
    expect(maskedProfile({ name: 'x' })).toEqual({ name: 'x' });
  });

  it('MFA_REQUIRED and MFA_CHALLENGE show masked numbers and emails; the Factors API shows them whole', async () => {
    const started = await signIn('isaac@example.org');
    expect(started.body.status).toBe('MFA_REQUIRED');
    const factors = (started.body._embedded as Json).factors as Json[];
    const sms = factors.find((f) => f.factorType === 'sms')!;
    expect(sms.profile).toEqual({ phoneNumber: '+1 XXX-XXX-1337' });
    const challenged = await anonymous.post<Json>((sms._links as Record<string, Link>).verify!.href, { stateToken: started.body.stateToken });
    expect(challenged.body.status).toBe('MFA_CHALLENGE');
    expect(((challenged.body._embedded as Json).factor as Json).profile).toEqual({ phoneNumber: '+1 XXX-XXX-1337' });
    const admin = await api.get<Json[]>('/api/v1/users/00ub0oNGTSWTBKOLGLNR/factors');
    expect(admin.body.find((f) => f.factorType === 'sms')?.profile).toEqual({ phoneNumber: '+15554151337' });

    const bjorn = await signIn('bjorn.oberg@example.org');
    const email = ((bjorn.body._embedded as Json).factors as Json[]).find((f) => f.factorType === 'email')!;
    expect(email.profile).toEqual({ email: 'b...g@example.org' });
  });

  it('leaves FastPass out of MFA_REQUIRED (it signs in through Okta Verify only)', async () => {
    const started = await signIn('zoe.angstrom@example.org');
    const types = ((started.body._embedded as Json).factors as Json[]).map((f) => f.factorType);
    expect(types).toContain('push');
    expect(types).not.toContain('signed_nonce');
  });

  it('MFA_ENROLL_ACTIVATE of an SMS factor shows the number masked', async () => {
    const started = await signIn('dade.murphy@example.org');
    expect(started.body.status).toBe('MFA_ENROLL');
    const smsChoice = ((started.body._embedded as Json).factors as Json[]).find((f) => f.factorType === 'sms')!;
    const enrolled = await anonymous.post<Json>((smsChoice._links as Record<string, Link>).enroll!.href, {
      stateToken: started.body.stateToken,
      factorType: 'sms',
      provider: 'OKTA',
      profile: { phoneNumber: '+1-555-415-2600' },
    });
    expect(enrolled.body.status).toBe('MFA_ENROLL_ACTIVATE');
    expect(((enrolled.body._embedded as Json).factor as Json).profile).toEqual({ phoneNumber: '+1 XXX-XXX-2600' });
  });
});

describe("MFA_ENROLL's security questions", () => {
  it('are listed through a link a client without credentials can follow', async () => {
    const started = await signIn('dade.murphy@example.org');
    const question = ((started.body._embedded as Json).factors as Json[]).find((f) => f.factorType === 'question')!;
    const link = (question._links as Record<string, Link>).questions!;
    expect(link.hints?.allow).toEqual(['GET']);
    const listed = await anonymous.get<Json[]>(link.href);
    expect(listed.status).toBe(200);
    expect(listed.body[0]).toEqual({ question: 'disliked_food', questionText: 'What is the food you least liked as a child?' });
    expect(listed.body).toHaveLength(20);
    // An unknown user is still a 404, with or without credentials.
    expect((await anonymous.get<Json>('/api/v1/users/00unosuchuser0000000/factors/questions')).status).toBe(404);
    // The rest of the Factors API still needs a token.
    expect((await anonymous.get<Json>(link.href.replace(/\/questions$/, ''))).status).toBe(401);
  });
});
