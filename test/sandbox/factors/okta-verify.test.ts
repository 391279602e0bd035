import { describe, expect, it } from 'vitest';
import { sandboxClient, type Json } from '../support/client';
import { sandboxPerFile } from '../support/sandbox-per-file';

// Okta Verify in an Identity Engine org (the default): one enrollment per device holding push,
// Okta Verify TOTP and FastPass; several devices per user; push or FastPass unenrolled takes its
// device's three with it; a reset is logged as one deactivation per factor.

const sandbox = sandboxPerFile({ users: 30, seed: 'okta-verify-test' });
const api = sandboxClient(sandbox);

type Link = { href: string; hints: { allow: string[] } };
const factorsOf = (uid: string) => `/api/v1/users/${uid}/factors`;

async function userId(login: string): Promise<string> {
  return String((await api.get<Json>(`/api/v1/users/${login}`)).body.id);
}

async function factors(uid: string): Promise<Json[]> {
  const listed = await api.get<Json[]>(factorsOf(uid));
  expect(listed.status).toBe(200);
  return listed.body;
}

/** Enrolls push and scans it from a phone; answers the new push factor's id. */
async function activateDevice(uid: string, name: string, platform: 'IOS' | 'ANDROID'): Promise<string> {
  const enrolled = await api.post<Json>(factorsOf(uid), { factorType: 'push', provider: 'OKTA' });
  expect(enrolled.status, JSON.stringify(enrolled.body)).toBe(200);
  const id = String(enrolled.body.id);
  const scanned = await api.post<Json>(`/sandbox/v1/users/${uid}/factors/${id}/scan`, { name, platform, version: '17.4' });
  expect(scanned.status, JSON.stringify(scanned.body)).toBe(200);
  return id;
}

const summary = (list: Json[]) => list.map((f) => `${f.factorType}/${f.provider}/${(f.profile as Json | undefined)?.name ?? ''}`).sort();

describe('Identity Engine Okta Verify', () => {
  it('reports its engine', () => {
    expect(sandbox.engine).toBe('oie');
  });

  it('activating push adds the device Okta Verify TOTP and FastPass; a second phone is a second enrollment', async () => {
    const uid = await userId('dade.murphy@example.org');
    const pending = await api.post<Json>(factorsOf(uid), { factorType: 'push', provider: 'OKTA' });
    expect(pending.body.status).toBe('PENDING_ACTIVATION');
    // Nothing but the pending push until the device activates.
    expect(summary(await factors(uid))).toEqual(['push/OKTA/']);
    await api.post(`/sandbox/v1/users/${uid}/factors/${pending.body.id}/scan`, { name: 'Dade iPhone', platform: 'IOS', version: '17.4' });
    expect(summary(await factors(uid))).toEqual(['push/OKTA/Dade iPhone', 'signed_nonce/OKTA/Dade iPhone', 'token:software:totp/OKTA/']);

    await activateDevice(uid, 'Dade Pixel', 'ANDROID');
    const both = await factors(uid);
    expect(summary(both)).toEqual([
      'push/OKTA/Dade Pixel',
      'push/OKTA/Dade iPhone',
      'signed_nonce/OKTA/Dade Pixel',
      'signed_nonce/OKTA/Dade iPhone',
      'token:software:totp/OKTA/',
      'token:software:totp/OKTA/',
    ]);
    expect(both.every((f) => f.status === 'ACTIVE')).toBe(true);
    const fastPass = both.find((f) => f.factorType === 'signed_nonce' && (f.profile as Json).name === 'Dade Pixel')!;
    expect(String(fastPass.id)).toMatch(/^crp[0-9A-Za-z]{17}$/);
    expect(fastPass).toMatchObject({ provider: 'OKTA', vendorName: 'OKTA', profile: { credentialId: 'dade.murphy@example.org', deviceType: 'SmartPhone_Android', platform: 'ANDROID', version: '17.4' } });
    const keys = (fastPass.profile as Json).keys as Json[];
    expect(keys.map((key) => key.jwkType)).toEqual(['proofOfPossession', 'userVerification']);
    for (const key of keys) {
      expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', use: 'sig', kid: 'default' });
      expect(String(key.x)).toMatch(/^[\w-]{43}$/);
      expect(String(key.y)).toMatch(/^[\w-]{43}$/);
    }
    // FastPass is read and removed, never verified: no verify link, and verify is refused.
    const links = fastPass._links as Record<string, Link>;
    expect(Object.keys(links).sort()).toEqual(['self', 'user']);
    expect(links.self?.hints.allow).toEqual(['GET', 'DELETE']);
    expect(links.user?.hints.allow).toEqual(['GET']);
    const verify = await api.post<Json>(`${factorsOf(uid)}/${fastPass.id}/verify`, {});
    expect(verify.status).toBe(400);
    expect(verify.body.errorCode).toBe('E0000001');
    expect((await api.get<Json>(`${factorsOf(uid)}/${fastPass.id}`)).body.id).toBe(fastPass.id);

    const activationEvents = await api.get<Json[]>('/api/v1/logs?filter=' + encodeURIComponent(`eventType eq "user.mfa.factor.activate" and target.id eq "${uid}"`));
    const activated = activationEvents.body.map((event) => (event.target as Json[])[1]?.id);
    for (const factor of both) expect(activated, String(factor.id)).toContain(factor.id);
  });

  it("each device's Okta Verify TOTP gives its own codes", async () => {
    const uid = await userId('dade.murphy@example.org');
    const totps = (await factors(uid)).filter((f) => f.factorType === 'token:software:totp');
    expect(totps).toHaveLength(2);
    const codes = await Promise.all(totps.map((f) => api.get<Json>(`/sandbox/v1/users/${uid}/factors/${f.id}/passcode`)));
    expect(codes[0]?.body.sharedSecret).not.toBe(codes[1]?.body.sharedSecret);
    const verified = await api.post<Json>(`${factorsOf(uid)}/${totps[1]?.id}/verify`, { passCode: codes[1]?.body.passCode });
    expect(verified.status).toBe(200);
    expect(verified.body).toEqual({ factorResult: 'SUCCESS' });
  });

  it('unenrolling FastPass removes its device (push, TOTP, FastPass) and leaves the other device', async () => {
    const uid = await userId('dade.murphy@example.org');
    const before = await factors(uid);
    const iphone = before.find((f) => f.factorType === 'signed_nonce' && (f.profile as Json).name === 'Dade iPhone')!;
    const removed = await api.del(`${factorsOf(uid)}/${iphone.id}`);
    expect(removed.status).toBe(204);
    const after = await factors(uid);
    expect(summary(after)).toEqual(['push/OKTA/Dade Pixel', 'signed_nonce/OKTA/Dade Pixel', 'token:software:totp/OKTA/']);
    const gone = before.filter((f) => !after.some((a) => a.id === f.id));
    expect(gone).toHaveLength(3);

    const events = await api.get<Json[]>('/api/v1/logs?filter=' + encodeURIComponent(`eventType eq "user.mfa.factor.deactivate" and target.id eq "${uid}"`));
    expect(events.body.map((event) => (event.target as Json[])[1]?.id).sort()).toEqual(gone.map((f) => f.id).sort());
    expect(events.body.map((event) => (event.outcome as Json).reason).sort()).toEqual([
      'User reset OKTA_SOFT_TOKEN factor',
      'User reset OKTA_VERIFY_PUSH factor',
      'User reset SIGNED_NONCE factor',
    ]);
    for (const event of events.body) expect(event.outcome).toMatchObject({ result: 'SUCCESS' });
  });

  it('unenrolling the Okta Verify TOTP alone takes nothing else', async () => {
    const uid = await userId('dade.murphy@example.org');
    const totp = (await factors(uid)).find((f) => f.factorType === 'token:software:totp')!;
    expect((await api.del(`${factorsOf(uid)}/${totp.id}`)).status).toBe(204);
    expect(summary(await factors(uid))).toEqual(['push/OKTA/Dade Pixel', 'signed_nonce/OKTA/Dade Pixel']);
  });

  it('unenrolling push removes its FastPass too', async () => {
    const uid = await userId('dade.murphy@example.org');
    const push = (await factors(uid)).find((f) => f.factorType === 'push')!;
    expect((await api.del(`${factorsOf(uid)}/${push.id}`)).status).toBe(204);
    expect(await factors(uid)).toEqual([]);
  });

  it('reset_factors logs one deactivation per factor with its reason, and no reset_all', async () => {
    const uid = await userId('lukasz.wisniewski@example.org');
    const before = await factors(uid);
    expect(before.map((f) => f.factorType)).toEqual(['push', 'token:software:totp', 'signed_nonce', 'sms']);
    const reset = await api.post<Json>(`/api/v1/users/${uid}/lifecycle/reset_factors`);
    expect(reset.status).toBe(200);
    expect(await factors(uid)).toEqual([]);
    const events = await api.get<Json[]>('/api/v1/logs?filter=' + encodeURIComponent(`target.id eq "${uid}"`));
    expect(events.body.map((event) => event.eventType)).toEqual(before.map(() => 'user.mfa.factor.deactivate'));
    expect(events.body.map((event) => (event.target as Json[])[1]?.id)).toEqual(before.map((f) => f.id));
    expect(events.body.map((event) => (event.outcome as Json).reason)).toEqual(
      before.map((f) =>
        f.factorType === 'push'
          ? 'User reset OKTA_VERIFY_PUSH factor'
          : f.factorType === 'signed_nonce'
            ? 'User reset SIGNED_NONCE factor'
            : f.factorType === 'sms'
              ? 'User reset SMS_FACTOR factor'
              : 'User reset OKTA_SOFT_TOKEN factor',
      ),
    );
    expect(events.body.every((event) => (event.actor as Json).alternateId === 'sandbox.admin@example.org')).toBe(true);
  });
});

describe('seeded Okta Verify devices', () => {
  it('lists several phones and a computer for Zoë, each device with its own FastPass', async () => {
    const zoe = await factors(await userId('zoe.angstrom@example.org'));
    expect(summary(zoe)).toEqual([
      'push/OKTA/Pixel 8 (work)',
      'push/OKTA/Zoë’s iPhone',
      'signed_nonce/OKTA/Pixel 8 (work)',
      'signed_nonce/OKTA/Zoë’s MacBook Pro',
      'signed_nonce/OKTA/Zoë’s iPhone',
      'token:software:totp/OKTA/',
      'token:software:totp/OKTA/',
      'webauthn/FIDO/',
    ]);
    expect(zoe.find((f) => f.factorType === 'webauthn')?.profile).toMatchObject({ authenticatorName: 'MacBook Touch ID' });
    expect(zoe.find((f) => (f.profile as Json).name === 'Zoë’s MacBook Pro')?.profile).toMatchObject({ platform: 'MACOS', deviceType: 'Desktop_MacOS' });
  });

  it('lists a computer with FastPass only for Ken, and removing it takes nothing else', async () => {
    const uid = await userId('ken.watanabe@example.org');
    const ken = await factors(uid);
    expect(summary(ken)).toEqual(['signed_nonce/OKTA/WATANABE-LAPTOP', 'token:hardware/YUBICO/', 'u2f/FIDO/', 'webauthn/FIDO/']);
    expect(ken.find((f) => f.factorType === 'signed_nonce')?.profile).toMatchObject({ platform: 'WINDOWS', deviceType: 'Desktop_Windows' });
    // Deleting a computer's FastPass takes only that (it has no push or codes).
    const laptop = ken.find((f) => f.factorType === 'signed_nonce')!;
    expect((await api.del(`${factorsOf(uid)}/${laptop.id}`)).status).toBe(204);
    expect((await factors(uid)).length).toBe(3);
  });

  it('gives generated users with Okta Verify their FastPass and TOTP, except Isaac, who keeps the seeds\' push and SMS', async () => {
    const isaac = await factors('00ub0oNGTSWTBKOLGLNR');
    expect(summary(isaac)).toEqual(['push/OKTA/Isaac iPhone', 'sms/OKTA/']);
    const admin = await factors(await userId('sandbox.admin@example.org'));
    expect(admin.map((f) => f.factorType).sort()).toEqual(['push', 'signed_nonce', 'token:software:totp']);
  });
});
