// The training store against a fake bridge: starting a call opens the caller with their phone
// pinned and the script beside it; the real owner's phone denies each push once, by itself; ending
// the call sends what the trainee reported, unpins the phone and shows the debrief.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PhoneState, TrainingCall, TrainingDebrief } from '../../../contract';
import { useUiStore } from '../../../renderer/src/app/ui-store';
import { usePhoneDockStore } from '../../../renderer/src/phone/phone-dock-store';
import { usePhoneStore } from '../../../renderer/src/phone/phone-store';
import { OWNER_DENIES_AFTER_MS, useTrainingStore, wrongCodeFor } from '../../../renderer/src/training/training-store';
import { useUserDetailStore } from '../../../renderer/src/user/user-detail-store';
import { useFakeBridge } from '../support/fake-bridge';

const bridge = useFakeBridge();
// The UI store remembers the theme in localStorage; the fake window has none of its own.
const storage = new Map<string, string>();
vi.stubGlobal('window', {
  ...window,
  localStorage: { getItem: (key: string) => storage.get(key) ?? null, setItem: (key: string, value: string) => storage.set(key, value), removeItem: (key: string) => storage.delete(key) },
});

const DANIEL = '00uTRAINEDaniel00001';
const push = (id: string) => ({ transactionId: `v2mst.${id.padEnd(22, 'a')}`, factorId: 'opfh52xcuft3J4uZc0g3', deviceName: "Daniel's iPhone 15", numberChoices: [12, 72, 45], sentAt: '2026-05-01T10:00:00.000Z', expiresAt: '2026-05-01T10:05:00.000Z' });

const call: TrainingCall = {
  callId: '6f1c1d3e-8f0a-4b7e-9c55-3f7e2b1a9d10',
  scenarioId: 'failed-verification',
  title: 'Caller who cannot pass verification',
  ticket: 'INC-204817',
  goal: 'Do not reset.',
  caller: {
    id: DANIEL,
    login: 'daniel.brooks@example.org',
    email: 'daniel.brooks@example.org',
    firstName: 'Daniel',
    lastName: 'Brooks',
    displayName: 'Daniel Brooks',
    status: 'ACTIVE',
    transitioningToStatus: null,
    mobilePhone: null,
    created: '2025-01-01T00:00:00.000Z',
    lastLogin: null,
    lastUpdated: '2025-01-01T00:00:00.000Z',
  },
  introduction: 'Says he is Daniel Brooks.',
  script: [{ cue: 'When you text a code', says: 'The code is {wrongCode}.' }],
  phone: 'owner-denies',
  phoneNote: "The real Daniel's phone.",
  startedAt: '2026-05-01T10:00:00.000Z',
};

function phoneOf(changes: Partial<PhoneState> = {}): PhoneState {
  return { userId: DANIEL, displayName: 'Daniel Brooks', firstName: 'Daniel', now: '2026-05-01T10:00:00.000Z', clockAheadSeconds: 0, pushes: [], activations: [], messages: [], codes: [], questions: [], ...changes };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('the training store', () => {
  it('starts a call: the caller opened, the phone pinned to them and open, the script beside it', async () => {
    const training = useTrainingStore();
    const started = training.start('failed-verification');
    expect(bridge.next('startTrainingCall').input).toEqual({ scenarioId: 'failed-verification' });
    await bridge.next('startTrainingCall').answer(call);
    const dock = usePhoneDockStore();
    expect(dock.pinnedUserId).toBe(DANIEL);
    expect(dock.open).toBe(true);
    expect(dock.companion).not.toBeNull();
    expect(useUserDetailStore().userId).toBe(DANIEL);
    expect(useUiStore().view).toBe('console');
    await bridge.next('listFactors').answer({ userId: DANIEL, factors: [], fetchedAt: '2026-05-01T10:00:00.000Z' } as never);
    expect(await started).toBe(true);
    // One call at a time.
    expect(await training.start('lost-phone')).toBe(false);
    expect(bridge.count('startTrainingCall')).toBe(1);
  });

  it("the real owner's phone denies every push once, by itself; the caller reads out a code that is not the one sent", async () => {
    const training = useTrainingStore();
    void training.start('failed-verification');
    await bridge.next('startTrainingCall').answer(call);
    const phone = usePhoneStore();
    phone.showUser(DANIEL);
    await bridge.next('getPhone').answer(phoneOf({ pushes: [push('one')], messages: [{ id: 'm1', channel: 'sms', to: '+15550142204', text: 'Your code is 409213', code: '409213', link: null, activationFactorId: null, sentAt: '2026-05-01T10:00:00.000Z' }] }));
    expect(training.callerCode).toBe('510324');
    expect(bridge.count('answerPhonePush')).toBe(0);
    vi.advanceTimersByTime(OWNER_DENIES_AFTER_MS);
    expect(bridge.next('answerPhonePush').input).toEqual({ userId: DANIEL, transactionId: push('one').transactionId, decision: 'deny' });
    await bridge.next('answerPhonePush').answer({ factorResult: 'REJECTED', phone: phoneOf() });
    // Read again with the same push and a new one: only the new one is answered.
    const read = phone.refresh();
    await bridge.latest('getPhone').answer(phoneOf({ pushes: [push('one'), push('two')] }));
    await read;
    vi.advanceTimersByTime(OWNER_DENIES_AFTER_MS);
    expect(bridge.count('answerPhonePush')).toBe(2);
    expect(bridge.next('answerPhonePush').input).toMatchObject({ transactionId: push('two').transactionId, decision: 'deny' });
  });

  it('ends the call with what the trainee reported: the phone unpinned, the debrief shown', async () => {
    const training = useTrainingStore();
    void training.start('failed-verification');
    await bridge.next('startTrainingCall').answer(call);
    const ended = training.end(true);
    expect(bridge.next('endTrainingCall').input).toMatchObject({ callId: call.callId, escalatedToSecurity: true });
    const debrief: TrainingDebrief = {
      callId: call.callId,
      scenarioId: call.scenarioId,
      title: call.title,
      ticket: call.ticket,
      caller: { userId: DANIEL, login: call.caller.login, displayName: 'Daniel Brooks' },
      agent: 'trainee',
      startedAt: call.startedAt,
      endedAt: '2026-05-01T10:09:00.000Z',
      timeZone: 'UTC',
      passed: false,
      checks: [{ id: 'no_reset', title: 'No reset', result: 'fail', why: 'Reset at 10:05:00 UTC.' }],
      actions: [],
      reported: { escalatedToSecurity: true },
    };
    await bridge.next('endTrainingCall').answer(debrief);
    expect(await ended).toBe(true);
    expect(training.debrief).toEqual(debrief);
    expect(training.running).toBeNull();
    const dock = usePhoneDockStore();
    expect(dock.pinnedUserId).toBeNull();
    expect(dock.companion).toBeNull();
    expect(useUiStore().view).toBe('training');
  });

  it('keeps the call when ending it fails, and says why', async () => {
    const training = useTrainingStore();
    void training.start('failed-verification');
    await bridge.next('startTrainingCall').answer(call);
    const ended = training.end(false);
    await bridge.next('endTrainingCall').fail({ code: 'NOT_CONNECTED', action: 'Reconnect.' });
    expect(await ended).toBe(false);
    expect(training.running?.callId).toBe(call.callId);
    expect(training.error?.code).toBe('NOT_CONNECTED');
    expect(usePhoneDockStore().pinnedUserId).toBe(DANIEL);
  });

  it('wrong codes are never the code: every digit moves', () => {
    expect(wrongCodeFor('000000')).toBe('111111');
    expect(wrongCodeFor('987650')).toBe('098761');
  });
});
