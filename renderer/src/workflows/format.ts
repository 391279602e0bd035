/** Wording and number formats shared by the workflow screens. */
import type { CodeSent, DeviceInfo, FactorSummary, ManualVerificationMethod } from '../../../contract';
import { platformName } from '../lib/factor-look';

/** "4:05" for a countdown or an elapsed time. */
export function minutesSeconds(totalSeconds: number): string {
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  return `${minutes}:${seconds.toString().padStart(2, '0')}`;
}

/** A base32 secret in groups of four, easier to read out and type: "JBSW Y3DP EHPK 3PXP". */
export function groupSecret(secret: string): string {
  return secret.replace(/\s+/g, '').match(/.{1,4}/g)?.join(' ') ?? secret;
}

/** "'Isaac iPhone' (iOS 17.4)", or whatever part of that is known. */
export function deviceDescription(device: Pick<DeviceInfo, 'name' | 'platform' | 'version'>): string {
  const platform = [device.platform ? platformName(device.platform) : null, device.version].filter(Boolean).join(' ');
  if (device.name && platform) return `'${device.name}' (${platform})`;
  if (device.name) return `'${device.name}'`;
  return platform ? `a ${platform} device` : 'their phone';
}

/** How a factor is named to the agent: "Okta Verify on 'Isaac iPhone'", "SMS to +1 ••• 0123". */
export function factorName(factor: FactorSummary): string {
  const base = factor.label || factor.factorType;
  if (factor.deviceName) return `${base} on '${factor.deviceName}'`;
  if (factor.detail && factor.factorType !== 'question') return `${base} (${factor.detail})`;
  return base;
}

/** Manual caller-verification methods as the agent picks them. */
export const manualMethodLabels: Record<ManualVerificationMethod, string> = {
  manager_callback: 'Manager confirmed by callback',
  id_check: 'ID checked',
  known_callback: 'Called back on number on record',
  in_person: 'In person at the desk',
  other: 'Other (see the ticket)',
};

/**
 * The factor types FactorDesk can verify a caller with: contract/workflows' workflowFactorTypes.
 * Written out, not imported: that module's zod schemas would then load with the user page (see
 * the lint rule factordesk/no-eager-zod).
 */
const verifiableFactorTypes = new Set(['push', 'token:software:totp', 'sms', 'call', 'email', 'question']);

/** Whether the caller can be verified with this factor now (Test button, Verify dialog). */
export function canVerifyWith(factor: FactorSummary): boolean {
  return factor.status === 'ACTIVE' && verifiableFactorTypes.has(factor.factorType);
}

/** Where a one-time code went, as the agent tells the caller: "Code sent by SMS to +1 ••• 0123." */
export function codeSentWording(sent: CodeSent): string {
  if (sent.factorType === 'call') return `Calling ${sent.sentTo}: the caller hears the code.`;
  return `Code sent by ${sent.factorType === 'email' ? 'email' : 'SMS'} to ${sent.sentTo}.`;
}
