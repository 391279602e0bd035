import type { CodeSent } from '../../../contract/workflows';
import type { OktaFactor } from '../okta';
import { maskEmail, maskPhone } from './masking';

/** Okta accepts one sms or call per phone number every 30 s, and one email every 5 s. */
export const RESEND_WAIT_SECONDS: Record<CodeSent['factorType'], number> = { sms: 30, call: 30, email: 5 };

export function isCodeFactor(factorType: string): factorType is CodeSent['factorType'] {
  return factorType === 'sms' || factorType === 'call' || factorType === 'email';
}

/** Where the code went (masked), and when a resend will be accepted. */
export function codeSent(factor: OktaFactor, factorType: CodeSent['factorType'], now: Date): CodeSent {
  const profile = factor.profile ?? undefined;
  const sentTo = factorType === 'email' ? maskEmail(profile?.email) : maskPhone(profile?.phoneNumber);
  return {
    factorId: factor.id,
    factorType,
    sentTo,
    resendAvailableAt: new Date(now.getTime() + RESEND_WAIT_SECONDS[factorType] * 1000).toISOString(),
  };
}
