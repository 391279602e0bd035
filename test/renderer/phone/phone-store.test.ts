// The caller's phone store against a fake bridge: it reads the phone while something shows it (and
// stops when nothing does), keeps one user's phone off another's, lets the phone's own answers win
// over reads still on their way, and words what the phone did.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PhoneState } from '../../../contract';
import { hasCallersPhone } from '../../../renderer/src/phone/phone-dock-store';
import { PHONE_POLL_MS, usePhoneStore } from '../../../renderer/src/phone/phone-store';
import { settled, useFakeBridge } from '../support/fake-bridge';

const bridge = useFakeBridge();
const ISAAC = '00ub0oNGTSWTBKOLGLNR';
const DADE = '00uNvBoIyWtujd0GxuFz';

function phoneOf(userId: string, changes: Partial<PhoneState> = {}): PhoneState {
  return {
    userId,
    displayName: userId === ISAAC ? 'Isaac Brock' : 'Dade Murphy',
    firstName: userId === ISAAC ? 'Isaac' : 'Dade',
    now: '2026-05-01T10:00:00.000Z',
    clockAheadSeconds: 0,
    pushes: [],
    activations: [],
    messages: [],
    codes: [],
    questions: [],
    ...changes,
  };
}

const push = { transactionId: 'v2mst.aaaaaaaaaaaaaaaaaaaaaa', factorId: 'opfh52xcuft3J4uZc0g3', deviceName: 'Isaac iPhone', numberChoices: [12, 72, 45], sentAt: '2026-05-01T10:00:00.000Z', expiresAt: '2026-05-01T10:05:00.000Z' };

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('the phone store', () => {
  it('reads the phone while it is shown, every PHONE_POLL_MS, and stops once nothing shows it', async () => {
    const phone = usePhoneStore();
    phone.showUser(ISAAC);
    // Shown while its first read is on the way: not read twice.
    phone.watch();
    expect(bridge.count('getPhone')).toBe(1);
    await bridge.next('getPhone').answer(phoneOf(ISAAC));
    expect(phone.phone?.displayName).toBe('Isaac Brock');
    vi.advanceTimersByTime(PHONE_POLL_MS);
    expect(bridge.count('getPhone')).toBe(2);
    // A read on its way is not doubled by the next tick.
    vi.advanceTimersByTime(PHONE_POLL_MS);
    expect(bridge.count('getPhone')).toBe(2);
    await bridge.next('getPhone').answer(phoneOf(ISAAC, { pushes: [push] }));
    expect(phone.phone?.pushes).toEqual([push]);
    phone.unwatch();
    vi.advanceTimersByTime(PHONE_POLL_MS * 5);
    expect(bridge.count('getPhone')).toBe(2);
  });

  it("never shows one user's phone as another's", async () => {
    const phone = usePhoneStore();
    phone.showUser(ISAAC);
    const isaacRead = bridge.next('getPhone');
    phone.showUser(DADE);
    await bridge.latest('getPhone').answer(phoneOf(DADE));
    await isaacRead.answer(phoneOf(ISAAC, { pushes: [push] }));
    expect(phone.phone?.userId).toBe(DADE);
    expect(phone.phone?.pushes).toEqual([]);
  });

  it("lets the phone's own answer win over a read that left before it, and says what happened", async () => {
    const phone = usePhoneStore();
    phone.showUser(ISAAC);
    await bridge.next('getPhone').answer(phoneOf(ISAAC, { pushes: [push] }));
    void phone.refresh();
    const staleRead = bridge.next('getPhone');
    const tapped = phone.approve(push.transactionId, 72);
    expect(phone.busy).toBe(push.transactionId);
    const answer = bridge.next('answerPhonePush');
    expect(answer.input).toEqual({ userId: ISAAC, transactionId: push.transactionId, decision: 'approve', answer: 72 });
    await answer.answer({ factorResult: 'REJECTED', phone: phoneOf(ISAAC) });
    await tapped;
    await staleRead.answer(phoneOf(ISAAC, { pushes: [push] }));
    expect(phone.phone?.pushes).toEqual([]);
    expect(phone.outcome).toMatchObject({ kind: 'rejected', text: expect.stringContaining('Wrong number') });
    expect(phone.busy).toBeNull();
    // Not stuck: the next tick reads again.
    phone.watch();
    expect(bridge.count('getPhone')).toBe(3);
  });

  it('keeps what the phone showed when an action fails, says why, and reads the phone again', async () => {
    const phone = usePhoneStore();
    phone.showUser(ISAAC);
    await bridge.next('getPhone').answer(phoneOf(ISAAC, { pushes: [push] }));
    const denied = phone.deny(push.transactionId);
    await bridge.next('answerPhonePush').fail({ code: 'NOT_FOUND', message: 'That push is no longer waiting on this phone.' });
    expect(await denied).toBe(false);
    await settled();
    expect(phone.error?.code).toBe('NOT_FOUND');
    expect(phone.phone?.pushes).toEqual([push]);
    await bridge.next('getPhone').answer(phoneOf(ISAAC));
    expect(phone.phone?.pushes).toEqual([]);
    expect(phone.error).toBeNull();
  });

  it('moves the org clock and scans enrollments through the bridge, one action at a time', async () => {
    const phone = usePhoneStore();
    phone.showUser(DADE);
    await bridge.next('getPhone').answer(phoneOf(DADE));
    const moving = phone.advanceClock(5);
    expect(await phone.scan('opfh52xcuft3J4uZc0g3', 'Dade Pixel', 'ANDROID')).toBe(false);
    expect(bridge.next('advancePhoneClock').input).toEqual({ userId: DADE, minutes: 5 });
    await bridge.next('advancePhoneClock').answer(phoneOf(DADE, { clockAheadSeconds: 300, now: '2026-05-01T10:05:00.000Z' }));
    await moving;
    expect(phone.outcome?.kind).toBe('clock');
    expect(phone.orgClockOffsetMs).toBe(Date.parse('2026-05-01T10:05:00.000Z') - phone.readAt);
    const scanning = phone.scan('opfh52xcuft3J4uZc0g3', 'Dade Pixel', 'ANDROID');
    expect(bridge.next('scanPhoneQr').input).toEqual({ userId: DADE, factorId: 'opfh52xcuft3J4uZc0g3', deviceName: 'Dade Pixel', platform: 'ANDROID' });
    await bridge.next('scanPhoneQr').answer(phoneOf(DADE));
    expect(await scanning).toBe(true);
    expect(phone.outcome?.text).toContain('Dade Pixel');
  });
});

describe('where the phone is offered', () => {
  it('only for the sandbox org FactorDesk runs, once connected', () => {
    expect(hasCallersPhone({ id: 'sandbox', kind: 'sandbox', hasToken: true })).toBe(true);
    expect(hasCallersPhone({ id: 'sandbox', kind: 'sandbox', hasToken: false })).toBe(false);
    expect(hasCallersPhone({ id: '0f0f0f0f-dead-4bad-8bad-0123456789ab', kind: 'okta', hasToken: true })).toBe(false);
    expect(hasCallersPhone({ id: '0f0f0f0f-dead-4bad-8bad-0123456789ab', kind: 'sandbox', hasToken: true })).toBe(false);
    expect(hasCallersPhone(null)).toBe(false);
  });
});
