import { FactorDeskError, type PhoneState, type ValidatedInput } from '../../../contract';
import type { phoneMethods } from '../../../contract/phone';
import type { Feature } from '../feature-context';
import { practiceOrg, type PracticeOrgDeps } from './practice-org';
import { SandboxControlHolder, type SandboxAccess, type SandboxControl } from './sandbox-control';
import type { SandboxPhone } from './sandbox-control-schemas';

export type PhoneMethodName = keyof typeof phoneMethods;

export interface PhoneFeatureDeps extends PracticeOrgDeps {
  /**
   * Opens the phone in a window of its own (the desktop app); resolves true when it did. Absent in
   * the browser shell, which has no windows to open.
   */
  openPhoneWindow?: (userId: string) => Promise<boolean>;
}

/** What a phone reports as its system version when it scans: a recent one of each kind. */
const PLATFORM_VERSION = { IOS: '17.4', ANDROID: '14' } as const;

function stateOf(phone: SandboxPhone): PhoneState {
  return {
    userId: phone.user.id,
    displayName: phone.user.displayName,
    firstName: phone.user.firstName,
    now: phone.now,
    clockAheadSeconds: phone.clockAheadSeconds,
    pushes: phone.pushes,
    activations: phone.activations,
    messages: phone.messages,
    codes: phone.codes.map((code) => ({
      factorId: code.factorId,
      factorType: code.factorType,
      provider: code.provider,
      name: code.name,
      deviceName: code.deviceName,
      status: code.status,
      passCode: code.passCode,
      pin: code.pin,
      tokenCode: code.tokenCode,
      counter: code.counter,
      periodSeconds: code.periodSeconds,
      secondsLeft: code.secondsLeft,
    })),
    questions: phone.questions.map((question) => ({ factorId: question.factorId, questionText: question.questionText, answer: question.answer })),
  };
}

/** A NOT_FOUND from the control API, said about what the call named. */
function notFoundAs<T>(work: Promise<T>, message: string, action: string): Promise<T> {
  return work.catch((error: unknown) => {
    if (error instanceof FactorDeskError && error.data.code === 'NOT_FOUND') throw new FactorDeskError({ ...error.data, message, action });
    throw error;
  });
}

/**
 * The caller's phone for the sandbox org: the simulated user's pending pushes, Okta Verify
 * enrollments to scan, messages and codes, and the org clock, all through the sandbox's control
 * API with its admin token, which stays here. Every call first checks that the agent is working in
 * the sandbox org (practice-org.ts); for a real org it refuses before sending anything.
 *
 * The phone plays the end user, not the desk: its answers are the user's, which the sandbox's
 * System Log records with the user as the actor, as Okta would. They are not the desk's actions on
 * the user, so they are not in the desk's journal (a training debrief reads the journal for what
 * the trainee did as the agent).
 *
 * Nothing runs between calls: the panel asks again while it is shown (renderer/src/phone).
 */
export function createPhoneFeature(deps: PhoneFeatureDeps): Feature<PhoneMethodName> {
  const controls = new SandboxControlHolder();
  const controlFor = (access: SandboxAccess): SandboxControl => controls.for(access);

  const phoneOf = (sandbox: SandboxControl, userId: string): Promise<PhoneState> =>
    notFoundAs(
      sandbox.phone(userId).then(stateOf),
      `The sandbox org has no user ${userId}, so there is no phone to show.`,
      'Open a user from the search results; the phone follows the user on screen.',
    );

  async function answerPush(input: ValidatedInput<'answerPhonePush'>): Promise<{ factorResult: 'SUCCESS' | 'REJECTED'; phone: PhoneState }> {
    const sandbox = controlFor(practiceOrg(deps));
    // Only this user's own pushes: the transaction must be one waiting on this phone.
    const waiting = await notFoundAs(sandbox.waitingPushes(input.userId), `The sandbox org has no user ${input.userId}.`, 'Open a user from the search results.');
    const push = waiting.find((candidate) => candidate.transactionId === input.transactionId);
    if (!push) {
      throw new FactorDeskError({
        code: 'NOT_FOUND',
        message: 'That push is no longer waiting on this phone: it was answered, timed out, or withdrawn.',
        action: 'Send a new push from the console if the caller still needs one.',
      });
    }
    if (input.decision === 'approve' && push.numberChoices && (input.answer === undefined || !push.numberChoices.includes(input.answer))) {
      throw new FactorDeskError({
        code: 'INVALID_INPUT',
        message: `This push uses number matching: approve it by tapping one of the numbers on the phone (${push.numberChoices.join(', ')}).`,
        action: 'Tap the number the sign-in screen shows.',
      });
    }
    const factorResult = await sandbox.answerPush(push.transactionId, input.decision, input.answer);
    return { factorResult, phone: await phoneOf(sandbox, input.userId) };
  }

  return {
    handlers: {
      getPhone: async ({ userId }) => phoneOf(controlFor(practiceOrg(deps)), userId),
      answerPhonePush: (input) => answerPush(input),
      scanPhoneQr: async ({ userId, factorId, deviceName, platform }) => {
        const sandbox = controlFor(practiceOrg(deps));
        await notFoundAs(
          sandbox.scan(userId, factorId, { name: deviceName, platform, version: PLATFORM_VERSION[platform] }),
          'That Okta Verify enrollment is not waiting for this phone (it was removed, or belongs to someone else).',
          'Start the enrollment again from the console.',
        );
        return phoneOf(sandbox, userId);
      },
      advancePhoneClock: async ({ userId, minutes }) => {
        const sandbox = controlFor(practiceOrg(deps));
        // A phone that is not there moves nothing: the user is looked up before the clock moves.
        await phoneOf(sandbox, userId);
        await sandbox.advanceClock(minutes * 60);
        return phoneOf(sandbox, userId);
      },
      detachPhone: async ({ userId }) => {
        // The phone exists for this user in this org before any window opens for it.
        await phoneOf(controlFor(practiceOrg(deps)), userId);
        return { detached: deps.openPhoneWindow ? await deps.openPhoneWindow(userId) : false };
      },
    },
    close: () => controls.close(),
  };
}
