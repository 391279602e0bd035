import type { FactorSummary } from '../../../contract';
import type { OktaFactor } from '../okta';
import { factorLabel } from './factor-labels';

/** What identifies the factor to the caller: the phone, the email, the question, the credential. */
function factorDetail(factor: OktaFactor): string | null {
  const profile = factor.profile;
  if (!profile) return null;
  if (profile.phoneNumber) return profile.phoneExtension ? `${profile.phoneNumber} ext. ${profile.phoneExtension}` : profile.phoneNumber;
  if (profile.email) return profile.email;
  if (profile.questionText || profile.question) return profile.questionText || profile.question || null;
  // Hardware tokens are told apart by their serial/credential; app factors' credentialId is just the login.
  if (factor.factorType.startsWith('token') && !factor.factorType.startsWith('token:software')) return profile.credentialId ?? null;
  return null;
}

export function toFactorSummary(factor: OktaFactor): FactorSummary {
  const profile = factor.profile ?? undefined;
  return {
    id: factor.id,
    factorType: factor.factorType,
    provider: factor.provider,
    vendorName: factor.vendorName ?? null,
    status: factor.status,
    label: factorLabel(factor.factorType, factor.provider),
    deviceName: profile?.name || profile?.authenticatorName || null,
    platform: profile?.platform ?? null,
    platformVersion: profile?.version && factor.factorType !== 'u2f' ? profile.version : null,
    detail: factorDetail(factor),
    created: factor.created ?? '',
    lastUpdated: factor.lastUpdated ?? '',
  };
}
