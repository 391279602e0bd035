import type { OktaVerifyDevice } from '../../../contract/users';
import type { OktaFactor } from '../okta';

/**
 * Okta Verify as Identity Engine lists it: one app on one device is a `push` factor, an Okta Verify
 * code factor (`token:software:totp`, provider OKTA) and Okta FastPass (`signed_nonce`), each its own
 * factor; a computer has FastPass only. Okta documents that removing push or FastPass also removes
 * the user's other Okta Verify factors (factors.md "Reset Factor": "any other totp, signed_nonce, or
 * Okta Verify push factors associated with the user"); whether that reaches other devices it does
 * not say. FactorDesk groups the factors by device, and treats the cascade as per device, as the
 * sandbox org does; the reset screens say Okta's wording could reach further, and the reset reads
 * the factors back to report what went.
 *
 * The Factors API does not say which device a code factor belongs to (its profile holds only the
 * login). It is matched to a phone with no code yet: the only one; the one whose push or FastPass
 * was created in the same second (Okta creates the three together when the device activates); or
 * the phone listed next to it (Okta lists a device's factors together). A code that matches none of
 * these stands alone.
 */

export function isOktaVerifyFactor(factor: Pick<OktaFactor, 'factorType' | 'provider'>): boolean {
  if (factor.provider !== 'OKTA') return false;
  return factor.factorType === 'push' || factor.factorType === 'signed_nonce' || factor.factorType === 'token:software:totp';
}

/** Removing this factor removes its Okta Verify device's other factors too. */
export function removalTakesDevice(factor: Pick<OktaFactor, 'factorType' | 'provider'>): boolean {
  return factor.provider === 'OKTA' && (factor.factorType === 'push' || factor.factorType === 'signed_nonce');
}

interface Draft {
  key: string;
  identity: string | null;
  /** Listing position of each of its push / FastPass factors. */
  positions: number[];
  push: OktaFactor | null;
  fastPass: OktaFactor | null;
  codes: OktaFactor[];
}

/** What a device says about itself (push and FastPass profiles carry the same fields); null before a push is activated. */
function identityOf(factor: OktaFactor): string | null {
  const profile = factor.profile;
  if (!profile || (!profile.name && !profile.platform && !profile.deviceType)) return null;
  return JSON.stringify([profile.name ?? null, profile.platform ?? null, profile.deviceType ?? null]);
}

const second = (iso: string | undefined): string | null => (iso && !Number.isNaN(Date.parse(iso)) ? new Date(Date.parse(iso)).toISOString().slice(0, 19) : null);

function deviceFields(draft: Draft): Pick<OktaVerifyDevice, 'name' | 'platform' | 'platformVersion'> {
  const profile = draft.push?.profile ?? draft.fastPass?.profile ?? null;
  return { name: profile?.name ?? null, platform: profile?.platform ?? null, platformVersion: profile?.version ?? null };
}

/** The one candidate phone for a code factor, by the rules above; null when none is clear. */
function phoneForCode(code: OktaFactor, codeAt: number, candidates: Draft[]): Draft | null {
  if (candidates.length === 1) return candidates[0] ?? null;
  if (candidates.length === 0) return null;
  const created = second(code.created);
  if (created) {
    const sameSecond = candidates.filter((draft) => [draft.push, draft.fastPass].some((factor) => factor && second(factor.created) === created));
    if (sameSecond.length === 1) return sameSecond[0] ?? null;
  }
  const distance = (draft: Draft): number => Math.min(...draft.positions.map((position) => (position < codeAt ? codeAt - position : position - codeAt + 0.5)));
  const nearest = [...candidates].sort((a, b) => distance(a) - distance(b));
  const [first, next] = nearest;
  return first && (!next || distance(first) < distance(next)) && distance(first) <= 2 ? first : null;
}

export interface OktaVerifyGrouping {
  devices: OktaVerifyDevice[];
  /** Factor id → device key, for the factors that belong to a device. */
  deviceOf: Map<string, string>;
  /** Factor id → the other factors Okta removes with it. */
  removesAlso: Map<string, string[]>;
}

/** The user's Okta Verify devices, from their factor list. */
export function groupOktaVerify(factors: readonly OktaFactor[]): OktaVerifyGrouping {
  const drafts: Draft[] = [];
  factors.forEach((factor, position) => {
    if (!removalTakesDevice(factor)) return;
    const role = factor.factorType === 'push' ? 'push' : 'fastPass';
    const identity = identityOf(factor);
    const joined = identity === null ? undefined : drafts.find((draft) => draft.identity === identity && draft[role] === null);
    if (joined) {
      joined[role] = factor;
      joined.positions.push(position);
    } else {
      drafts.push({ key: factor.id, identity, positions: [position], push: role === 'push' ? factor : null, fastPass: role === 'fastPass' ? factor : null, codes: [] });
    }
  });
  factors.forEach((factor, position) => {
    if (factor.factorType !== 'token:software:totp' || !isOktaVerifyFactor(factor)) return;
    // Only a phone shows codes: a device with a push and no code matched yet.
    const phone = phoneForCode(factor, position, drafts.filter((draft) => draft.push !== null && draft.codes.length === 0));
    phone?.codes.push(factor);
  });

  const devices: OktaVerifyDevice[] = [];
  const deviceOf = new Map<string, string>();
  const removesAlso = new Map<string, string[]>();
  for (const draft of drafts) {
    const members = [draft.push, ...draft.codes, draft.fastPass].filter((factor): factor is OktaFactor => factor !== null);
    for (const member of members) {
      deviceOf.set(member.id, draft.key);
      if (removalTakesDevice(member)) removesAlso.set(member.id, members.filter((other) => other.id !== member.id).map((other) => other.id));
    }
    devices.push({
      key: draft.key,
      ...deviceFields(draft),
      pushFactorId: draft.push?.id ?? null,
      codeFactorIds: draft.codes.map((code) => code.id),
      fastPassFactorId: draft.fastPass?.id ?? null,
    });
  }
  return { devices, deviceOf, removesAlso };
}
