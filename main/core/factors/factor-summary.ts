import type { CallerCheck, FactorSummary, OktaVerifyDevice } from '../../../contract';
import type { OktaFactor } from '../okta';
import { factorLabel } from './factor-labels';
import { groupOktaVerify } from './okta-verify-devices';

/** The factor types whose code the caller reads off an app or a token: Okta checks it with `passCode` (factors.md "Verify … Factor"). */
const READ_OUT_CODES = new Set(['token:software:totp', 'token', 'token:hotp', 'token:hardware']);

/** How FactorDesk can check the caller with a factor of this type; null when Okta offers no admin check for it. */
export function callerCheckOf(factorType: string): CallerCheck | null {
  if (factorType === 'push') return 'push';
  if (factorType === 'sms' || factorType === 'call' || factorType === 'email') return 'sent_code';
  if (factorType === 'question') return 'answer';
  return READ_OUT_CODES.has(factorType) ? 'code' : null;
}

/** What identifies the factor to the caller: the phone, the email, the question, a token's serial or user name. */
function factorDetail(factor: OktaFactor): string | null {
  const profile = factor.profile;
  if (!profile) return null;
  if (profile.phoneNumber) return profile.phoneExtension ? `${profile.phoneNumber} ext. ${profile.phoneExtension}` : profile.phoneNumber;
  if (profile.email) return profile.email;
  if (profile.questionText || profile.question) return profile.questionText || profile.question || null;
  // Tokens are told apart by their serial (YubiKey, Symantec) or token user name (RSA); an app's credentialId is just the login.
  if (factor.factorType === 'token:hardware' || factor.factorType === 'token') return profile.credentialId ?? null;
  return null;
}

/** One factor as the console shows it, on its own (not grouped with its Okta Verify device). */
export function toFactorSummary(factor: OktaFactor): FactorSummary {
  const profile = factor.profile ?? undefined;
  return {
    id: factor.id,
    factorType: factor.factorType,
    provider: factor.provider,
    vendorName: factor.vendorName ?? null,
    status: factor.status,
    label: factorLabel(factor.factorType, factor.provider, factor.vendorName),
    // A device's own name, or a security key's model (Okta's authenticatorName, from its metadata).
    deviceName: profile?.name || profile?.authenticatorName || null,
    platform: profile?.platform ?? null,
    platformVersion: profile?.version && factor.factorType !== 'u2f' ? profile.version : null,
    detail: factorDetail(factor),
    created: factor.created ?? '',
    lastUpdated: factor.lastUpdated ?? '',
    callerCheck: callerCheckOf(factor.factorType),
    oktaVerifyDevice: null,
    removesAlso: [],
  };
}

/** A user's factors as the console shows them, with their Okta Verify devices and what each removal takes along. */
export function toFactorSummaries(factors: readonly OktaFactor[]): { factors: FactorSummary[]; oktaVerifyDevices: OktaVerifyDevice[] } {
  const grouping = groupOktaVerify(factors);
  return {
    factors: factors.map((factor) => ({
      ...toFactorSummary(factor),
      oktaVerifyDevice: grouping.deviceOf.get(factor.id) ?? null,
      removesAlso: grouping.removesAlso.get(factor.id) ?? [],
    })),
    oktaVerifyDevices: grouping.devices,
  };
}
