/** Wording and number formats shared by the workflow screens. */
import type { DeviceInfo, FactorSummary, ManualVerificationMethod } from '../../../contract';

const clockFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const clockWithSecondsFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** "10:42" in the agent's local time; empty for a missing or unreadable time. */
export function clockTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : clockFormat.format(date);
}

/** "10:42:15": for rate limits, where the minute alone is too coarse. */
export function clockTimeWithSeconds(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : clockWithSecondsFormat.format(date);
}

/** Whole seconds from `nowMs` until `iso`, never negative; null when there is no time. */
export function secondsUntil(iso: string | null | undefined, nowMs: number): number | null {
  if (!iso) return null;
  const at = new Date(iso).getTime();
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - nowMs) / 1000));
}

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
  const platform = [device.platform, device.version].filter(Boolean).join(' ');
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

/** The factor types FactorDesk can verify a caller with. */
export const verifiableFactorTypes = new Set(['push', 'token:software:totp', 'sms', 'call', 'email', 'question']);
