/** How the caller's verification is told to the agent: what passed, what failed. */
import type { FailedCheck, FailedCheckReason, RecentVerification } from '../../../contract';
import { clockTime } from '../lib/time';

const codeNames: Record<string, string> = {
  sms: 'SMS code',
  call: 'voice call code',
  email: 'email code',
  'token:software:totp': 'authenticator code',
  question: 'security question',
};

/** "test push", "SMS code", "security question": what the caller passed. */
export function passedWith(pass: Pick<RecentVerification, 'method' | 'factorType'>): string {
  if (pass.method === 'test_push') return 'test push';
  return codeNames[pass.factorType] ?? 'code check';
}

const failedWords: Record<FailedCheckReason, string> = {
  denied: 'Test push denied on the phone',
  timed_out: 'Test push not answered in time',
  cancelled: 'Test push cancelled before the caller answered',
  not_followed: 'Test push stopped before the caller answered',
  wrong_code: 'Caller gave a wrong code',
  wrong_answer: 'Caller gave a wrong answer',
  no_known_result: "A check's result was lost",
};

/** "Test push denied on the phone at 10:45": which check failed and when. */
export function failedCheckWording(check: FailedCheck): string {
  return `${failedWords[check.reason]} at ${clockTime(check.at)}`;
}
