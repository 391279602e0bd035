import type { JsonValue, TimelineEntry, TimelineKind, TimelineOutcome } from '../../../contract/history';
import type { FactorObservationRecord, ObservedDevice } from '../observations';
import { whereDescription } from './factor-directory';

const statusWords: Record<string, string> = {
  PENDING_ACTIVATION: 'waiting for activation',
  ACTIVE: 'active',
  ENROLLED: 'enrolled',
  INACTIVE: 'inactive',
  DISABLED: 'disabled',
  EXPIRED: 'expired',
  NOT_SETUP: 'not set up',
  REMOVED: 'removed',
};

const status = (value: string | null): string => (value === null ? 'unknown' : (statusWords[value] ?? value.toLowerCase()));

function deviceWords(device: ObservedDevice | null, detail: string | null): string {
  return whereDescription({ device, detail }).replace(/^ on /, '').replace(/^ \((.*)\)$/, '$1') || 'nothing';
}

function describe(record: FactorObservationRecord): { kind: TimelineKind; summary: string; outcome: TimelineOutcome } {
  const where = whereDescription({ device: record.device, detail: record.detail });
  switch (record.change) {
    case 'first_seen':
      return { kind: 'status_changed', outcome: 'info', summary: `${record.label}${where} was ${status(record.statusAfter)} when FactorDesk first looked` };
    case 'new':
      return record.statusAfter === 'ACTIVE'
        ? { kind: 'activated', outcome: 'success', summary: `${record.label}${where} appeared, active` }
        : { kind: 'enrolled', outcome: 'pending', summary: `${record.label}${where} appeared, ${status(record.statusAfter)}` };
    case 'status':
      if (record.statusAfter === 'ACTIVE') {
        return { kind: 'activated', outcome: 'success', summary: `${record.label}${where} became active (was ${status(record.statusBefore)})` };
      }
      return {
        kind: 'status_changed',
        outcome: record.statusAfter === 'EXPIRED' ? 'timeout' : 'info',
        summary: `${record.label}${where} went from ${status(record.statusBefore)} to ${status(record.statusAfter)}`,
      };
    case 'device':
      return {
        kind: 'device_changed',
        outcome: 'info',
        summary: `${record.label} moved from ${deviceWords(record.deviceBefore, null)} to ${deviceWords(record.device, record.detail)}`,
      };
    case 'removed':
      return { kind: 'removed', outcome: 'info', summary: `${record.label}${whereDescription({ device: record.deviceBefore, detail: record.detail })} no longer listed` };
  }
}

/** A transition FactorDesk saw between two listings of the user's factors. */
export function mapObservation(record: FactorObservationRecord): TimelineEntry {
  const { kind, summary, outcome } = describe(record);
  return {
    id: `ob:${record.id}`,
    at: record.at,
    source: 'observed',
    factorId: record.factorId,
    factorType: record.factorType,
    factorLabel: record.label,
    kind,
    summary,
    actor: { kind: 'system', name: 'Seen by FactorDesk', id: null },
    outcome,
    statusAfter: record.statusAfter,
    raw: record as unknown as JsonValue,
  };
}
