import type { FactorSummary } from '../../../contract/users';
import type { FactorObservationRecord, FactorSnapshot, ObservedDevice } from './observation-record';

export type ObservedTransition = Omit<FactorObservationRecord, 'id' | 'at' | 'orgId' | 'userId'>;

/** The part of a listed factor worth remembering; never more than the factors list shows. */
export function toSnapshot(factor: FactorSummary): FactorSnapshot {
  const hasDevice = factor.deviceName !== null || factor.platform !== null || factor.platformVersion !== null;
  return {
    id: factor.id,
    factorType: factor.factorType,
    provider: factor.provider,
    label: factor.label,
    status: factor.status,
    device: hasDevice ? { name: factor.deviceName, platform: factor.platform, version: factor.platformVersion } : null,
    detail: factor.detail,
    created: factor.created || null,
  };
}

function sameDevice(a: ObservedDevice | null, b: ObservedDevice | null): boolean {
  return a?.name === b?.name && a?.platform === b?.platform && a?.version === b?.version;
}

function transition(
  change: ObservedTransition['change'],
  factor: FactorSnapshot,
  before: FactorSnapshot | null,
  statusAfter: ObservedTransition['statusAfter'],
): ObservedTransition {
  return {
    change,
    factorId: factor.id,
    factorType: factor.factorType,
    provider: factor.provider,
    label: factor.label,
    statusBefore: before?.status ?? null,
    statusAfter,
    deviceBefore: before?.device ?? null,
    device: statusAfter === 'REMOVED' ? null : factor.device,
    detail: factor.detail,
    created: factor.created,
  };
}

/**
 * What changed between the last snapshot of a user's factors and a new listing. With no previous
 * snapshot every factor is `first_seen` (FactorDesk cannot know when it was enrolled).
 */
export function diffFactors(previous: FactorSnapshot[] | null, current: FactorSnapshot[]): ObservedTransition[] {
  if (previous === null) return current.map((factor) => transition('first_seen', factor, null, factor.status));
  const before = new Map(previous.map((factor) => [factor.id, factor]));
  const transitions: ObservedTransition[] = [];
  for (const factor of current) {
    const old = before.get(factor.id);
    before.delete(factor.id);
    if (!old) {
      transitions.push(transition('new', factor, null, factor.status));
      continue;
    }
    if (old.status !== factor.status) transitions.push(transition('status', factor, old, factor.status));
    // A device change is only meaningful once there is a device (activation itself is a status change).
    if (old.device !== null && factor.device !== null && (!sameDevice(old.device, factor.device) || old.detail !== factor.detail)) {
      transitions.push(transition('device', factor, old, factor.status));
    } else if (old.detail !== null && factor.detail !== null && old.detail !== factor.detail) {
      transitions.push(transition('device', factor, old, factor.status));
    }
  }
  for (const gone of before.values()) transitions.push(transition('removed', gone, gone, 'REMOVED'));
  return transitions;
}
