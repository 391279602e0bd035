// The open user's caller verification against a fake bridge: read when a user opens, never shown on
// another user (a slow answer for the previous user is dropped), forgotten when nobody is open, and
// "End call" takes main's answer.
import { describe, expect, it } from 'vitest';
import type { CallerVerificationStatus } from '../../../contract';
import { useCallerVerificationStore } from '../../../renderer/src/user/caller-verification-store';
import { useFakeBridge } from '../support/fake-bridge';

const bridge = useFakeBridge();

function status(userId: string, overrides: Partial<CallerVerificationStatus> = {}): CallerVerificationStatus {
  return { userId, verified: null, failedCheck: null, voidedPass: null, callEndedAt: null, windowMinutes: 10, ...overrides };
}
const pass = (userId: string) => ({
  userId,
  factorId: 'opf1',
  factorType: 'push',
  method: 'test_push' as const,
  verifiedAt: '2026-01-01T10:00:00.000Z',
  validUntil: '2026-01-01T10:10:00.000Z',
});

describe('the caller verification store', () => {
  it('reads the status of the user who opens', async () => {
    const store = useCallerVerificationStore();
    void store.follow('00uISAAC');
    expect(bridge.next('getCallerVerification').input).toEqual({ userId: '00uISAAC' });
    await bridge.next('getCallerVerification').answer(status('00uISAAC', { verified: pass('00uISAAC') }));
    expect(store.status?.verified?.method).toBe('test_push');
  });

  it("never shows the previous user's pass on the next user, even when it arrives late", async () => {
    const store = useCallerVerificationStore();
    void store.follow('00uISAAC');
    const isaacs = bridge.next('getCallerVerification');
    void store.follow('00uDADE');
    expect(store.status).toBeNull();
    await bridge.latest('getCallerVerification').answer(status('00uDADE'));
    await isaacs.answer(status('00uISAAC', { verified: pass('00uISAAC') }));
    expect(store.status).toEqual(status('00uDADE'));
  });

  it('forgets everything when no user is open', async () => {
    const store = useCallerVerificationStore();
    void store.follow('00uISAAC');
    await bridge.next('getCallerVerification').answer(status('00uISAAC', { verified: pass('00uISAAC') }));
    await store.follow(null);
    expect(store.status).toBeNull();
    expect(bridge.count('getCallerVerification')).toBe(1);
  });

  it('End call takes the status main answers', async () => {
    const store = useCallerVerificationStore();
    void store.follow('00uISAAC');
    await bridge.next('getCallerVerification').answer(status('00uISAAC', { verified: pass('00uISAAC') }));
    const ending = store.endCall();
    expect(store.ending).toBe(true);
    expect(bridge.next('endCall').input).toEqual({ userId: '00uISAAC' });
    await bridge.next('endCall').answer(status('00uISAAC', { callEndedAt: '2026-01-01T10:05:00.000Z' }));
    await ending;
    expect(store.status).toMatchObject({ verified: null, callEndedAt: '2026-01-01T10:05:00.000Z' });
    expect(store.ending).toBe(false);
  });
});
