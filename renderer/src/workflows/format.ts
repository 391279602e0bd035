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

/** Whether the caller can be verified with this factor now (Test button, Verify dialog): main says how, for an active factor. */
export function canVerifyWith(factor: FactorSummary): boolean {
  return factor.status === 'ACTIVE' && factor.callerCheck !== null;
}

/** The shape of a code the caller reads out: digits (apps, Symantec, HOTP), an RSA passcode (PIN + digits), a YubiKey's letters. */
export type CallerCodeKind = 'digits' | 'rsa' | 'yubikey';

export function callerCodeKind(factor: Pick<FactorSummary, 'factorType' | 'provider'>): CallerCodeKind {
  if (factor.factorType === 'token:hardware') return 'yubikey';
  if (factor.factorType === 'token' && factor.provider === 'RSA') return 'rsa';
  return 'digits';
}

/** Where the caller finds the code, for the verify screen: "the code their YubiKey types when they touch it". */
export function codeSource(factor: Pick<FactorSummary, 'factorType' | 'provider' | 'label'>): string {
  switch (factor.factorType) {
    case 'token:hardware':
      return 'Ask the caller to touch their YubiKey with the cursor in a text field and read out the letters it types (or paste them into chat).';
    case 'token':
      return factor.provider === 'RSA'
        ? 'Ask the caller for their PIN followed by the code their RSA SecurID token shows now.'
        : `Ask the caller for the code their ${factor.label} token or app shows now.`;
    case 'token:hotp':
      return `Ask the caller to press the button on their ${factor.label.endsWith(' (HOTP token)') ? `${factor.label.slice(0, -' (HOTP token)'.length)} token` : 'HOTP token'} and read out the new code.`;
    default:
      return 'Ask the caller for the code their authenticator app shows now.';
  }
}

/** "Code from the app", "Touch the YubiKey", "PIN + token code": the verify picker's second line. */
export function codeHint(factor: Pick<FactorSummary, 'factorType' | 'provider'>): string {
  if (factor.factorType === 'token:hardware') return 'Code the YubiKey types';
  if (factor.factorType === 'token') return factor.provider === 'RSA' ? 'PIN + token code' : 'Code from the token';
  if (factor.factorType === 'token:hotp') return 'Code from the token';
  return 'Code from the app';
}

/** Where a one-time code went, as the agent tells the caller: "Code sent by SMS to +1 ••• 0123." */
export function codeSentWording(sent: CodeSent): string {
  if (sent.factorType === 'call') return `Calling ${sent.sentTo}: the caller hears the code.`;
  return `Code sent by ${sent.factorType === 'email' ? 'email' : 'SMS'} to ${sent.sentTo}.`;
}
