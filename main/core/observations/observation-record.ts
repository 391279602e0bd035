import { hasRecordShape } from '../storage';
import type { FactorStatus } from '../../../contract/users';

/** The push device (or nothing) a factor was enrolled on, as the factors list reports it. */
export interface ObservedDevice {
  name: string | null;
  platform: string | null;
  version: string | null;
}

/** What FactorDesk remembers about one factor between two listings. No secrets: no codes, no answers. */
export interface FactorSnapshot {
  id: string;
  factorType: string;
  provider: string;
  label: string;
  status: FactorStatus;
  device: ObservedDevice | null;
  /** Phone number, email address or question text (what identifies it to the caller). */
  detail: string | null;
  /** Okta's `created` for the factor (ISO), when given. */
  created: string | null;
}

/**
 * - `first_seen`: present the first time FactorDesk listed this user (it existed already; not an enrollment).
 * - `new`: appeared since the previous listing.
 * - `status`: status changed (PENDING_ACTIVATION → ACTIVE, ...).
 * - `device`: the device, phone number or email changed with the same factor id.
 * - `removed`: gone since the previous listing.
 */
export type ObservedChange = 'first_seen' | 'new' | 'status' | 'device' | 'removed';

/** One line of `<dataDir>/observations/observations.jsonl`. */
export interface FactorObservationRecord {
  /** Time-ordered unique id. */
  id: string;
  /** When FactorDesk listed the factors and saw the change (ISO). */
  at: string;
  orgId: string;
  userId: string;
  change: ObservedChange;
  factorId: string;
  factorType: string;
  provider: string;
  label: string;
  statusBefore: FactorStatus | null;
  /** `REMOVED` when the factor is gone. */
  statusAfter: FactorStatus | 'REMOVED';
  deviceBefore: ObservedDevice | null;
  device: ObservedDevice | null;
  detail: string | null;
  created: string | null;
}

const changes = new Set<string>(['first_seen', 'new', 'status', 'device', 'removed']);

const requiredFields = ['id', 'orgId', 'userId', 'factorId', 'factorType', 'label', 'statusAfter', 'change'] as const;

/** Accept a parsed line as a record, or `null` when it is not one (damage, a torn line). */
export function parseObservationRecord(value: unknown): FactorObservationRecord | null {
  return hasRecordShape(value, 'at', requiredFields) && changes.has(value.change as string) ? (value as unknown as FactorObservationRecord) : null;
}
