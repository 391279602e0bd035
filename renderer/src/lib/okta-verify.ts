/**
 * Okta Verify devices in words: "Okta Verify on 'Isaac iPhone' (iOS 17.4): push, code, FastPass",
 * and what removing one of its factors takes along. Main groups the factors (FactorSummary's
 * `oktaVerifyDevice`, `removesAlso`); this only words it.
 */
import type { FactorSummary, OktaVerifyDevice } from '../../../contract';
import { platformName } from './factor-look';

export function deviceOf(factor: Pick<FactorSummary, 'oktaVerifyDevice'>, devices: readonly OktaVerifyDevice[]): OktaVerifyDevice | null {
  return factor.oktaVerifyDevice === null ? null : (devices.find((device) => device.key === factor.oktaVerifyDevice) ?? null);
}

/** "iOS 17.4", "macOS 15.2", or whatever is known. */
export function devicePlatformOf(device: Pick<OktaVerifyDevice, 'platform' | 'platformVersion'>): string {
  return [device.platform ? platformName(device.platform) : null, device.platformVersion].filter(Boolean).join(' ');
}

/** "'Isaac iPhone'", or "a device not yet activated" for a push still waiting for its phone. */
export function deviceName(device: Pick<OktaVerifyDevice, 'name' | 'platform' | 'platformVersion'>): string {
  if (device.name) return `'${device.name}'`;
  const platform = devicePlatformOf(device);
  return platform ? `an ${platform} device` : 'a device not yet activated';
}

/** "Okta Verify on 'Isaac iPhone' (iOS 17.4)". */
export function deviceTitle(device: OktaVerifyDevice): string {
  const platform = devicePlatformOf(device);
  return `Okta Verify on ${deviceName(device)}${device.name && platform ? ` (${platform})` : ''}`;
}

/** What the device has: "push, code, FastPass" (a computer: "FastPass"). */
export function deviceParts(device: OktaVerifyDevice): string {
  const parts: string[] = [];
  if (device.pushFactorId) parts.push('push');
  if (device.codeFactorIds.length === 1) parts.push('code');
  if (device.codeFactorIds.length > 1) parts.push(`${device.codeFactorIds.length} codes`);
  if (device.fastPassFactorId) parts.push('FastPass');
  return parts.join(', ');
}

/** "Okta Verify on 'Isaac iPhone' (iOS 17.4): push, code, FastPass". */
export function deviceLine(device: OktaVerifyDevice): string {
  return `${deviceTitle(device)}: ${deviceParts(device)}`;
}

/** "FastPass and its codes", "push and its codes", "push and FastPass": what goes along, by role. */
function alsoWords(device: OktaVerifyDevice, removed: FactorSummary): string {
  const push = device.pushFactorId !== null && device.pushFactorId !== removed.id;
  const fastPass = device.fastPassFactorId !== null && device.fastPassFactorId !== removed.id;
  const codes = device.codeFactorIds.some((id) => id !== removed.id);
  const things = [push ? 'push' : null, fastPass ? 'FastPass' : null].filter(Boolean).join(' and ');
  if (!codes) return things;
  return things ? `${things} and its codes` : 'its codes';
}

/** What removing one factor does, in words for the reset screen. */
export interface RemovalPreview {
  /** "Removing Okta Verify on 'Isaac iPhone' also removes FastPass and its codes." — null for a factor that goes alone. */
  cascade: string | null;
  /** Okta's documentation could mean more goes (other devices): said when the user has any. Null otherwise. */
  caveat: string | null;
  /** The factors that go along (besides the one chosen). */
  alsoRemoved: FactorSummary[];
}

export function removalPreview(factor: FactorSummary, factors: readonly FactorSummary[], devices: readonly OktaVerifyDevice[]): RemovalPreview {
  const device = deviceOf(factor, devices);
  const alsoRemoved = factor.removesAlso.map((id) => factors.find((each) => each.id === id)).filter((each): each is FactorSummary => each !== undefined);
  if (!device) return { cascade: null, caveat: null, alsoRemoved };
  const where = deviceName(device);
  const otherDevices = devices.filter((other) => other.key !== device.key);
  let cascade: string;
  if (factor.removesAlso.length === 0 && factor.factorType === 'token:software:totp') {
    const staying = [device.pushFactorId ? 'push' : null, device.fastPassFactorId ? 'FastPass' : null].filter(Boolean).join(' and ');
    cascade = `Only the codes go: Okta Verify ${staying || 'itself'} on ${where} stays.`;
  } else if (factor.removesAlso.length === 0) {
    cascade = factor.factorType === 'signed_nonce' ? `Removing Okta FastPass on ${where} removes Okta Verify from that device.` : `Removing it removes Okta Verify on ${where}.`;
  } else {
    const what = factor.factorType === 'push' ? 'Okta Verify' : factor.factorType === 'signed_nonce' ? 'Okta FastPass' : factor.label;
    cascade = `Removing ${what} on ${where} also removes ${alsoWords(device, factor)}.`;
  }
  const caveat =
    factor.removesAlso.length > 0 || factor.factorType === 'push' || factor.factorType === 'signed_nonce'
      ? otherDevices.length > 0
        ? `Okta's documentation says removing push or FastPass removes "any other" Okta Verify factor of the user, without saying whether that reaches other devices. If it does in your org, ${otherDevices.map(deviceTitle).join(' and ')} ${otherDevices.length === 1 ? 'goes' : 'go'} too. FactorDesk reads the factors back afterwards and says exactly what was removed.`
        : null
      : null;
  return { cascade, caveat, alsoRemoved };
}

/**
 * The factor list in table order: each Okta Verify device's factors together (push, codes,
 * FastPass) where its first factor is listed; every other factor where Okta lists it.
 */
export function tableOrder(factors: readonly FactorSummary[], devices: readonly OktaVerifyDevice[]): FactorSummary[] {
  const ordered: FactorSummary[] = [];
  const placed = new Set<string>();
  for (const factor of factors) {
    if (placed.has(factor.id)) continue;
    const device = deviceOf(factor, devices);
    if (!device) {
      ordered.push(factor);
      placed.add(factor.id);
      continue;
    }
    for (const id of [device.pushFactorId, ...device.codeFactorIds, device.fastPassFactorId]) {
      const member = id === null ? undefined : factors.find((each) => each.id === id);
      if (member && !placed.has(member.id)) {
        ordered.push(member);
        placed.add(member.id);
      }
    }
  }
  return ordered;
}
