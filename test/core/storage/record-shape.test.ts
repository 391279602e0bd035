// Readers of the local stores keep whole records and skip torn or damaged lines, through one shape check.
import { expect, it } from 'vitest';
import { parseObservationRecord } from '../../../main/core/observations/observation-record';
import { hasRecordShape } from '../../../main/core/storage';

it('accepts an object with a parseable time and every required string field, nothing else', () => {
  const whole = { at: '2026-04-01T08:00:00Z', id: 'a', userId: 'u' };
  expect(hasRecordShape(whole, 'at', ['id', 'userId'])).toBe(true);
  for (const damaged of [null, 'text', [whole], { ...whole, at: 'yesterday' }, { ...whole, userId: 7 }, { id: 'a', userId: 'u' }]) {
    expect(hasRecordShape(damaged, 'at', ['id', 'userId']), JSON.stringify(damaged)).toBe(false);
  }
});

it('reads observation lines only when whole and of a known kind of change', () => {
  const line = {
    id: 'o1',
    at: '2026-04-01T08:00:00Z',
    orgId: 'org1',
    userId: '00u1',
    change: 'new',
    factorId: 'f1',
    factorType: 'sms',
    provider: 'OKTA',
    label: 'SMS',
    statusBefore: null,
    statusAfter: 'ACTIVE',
    deviceBefore: null,
    device: null,
    detail: '+1•••0100',
    created: null,
  };
  expect(parseObservationRecord(line)).toEqual(line);
  expect(parseObservationRecord({ ...line, change: 'renamed' })).toBeNull();
  expect(parseObservationRecord({ ...line, factorId: undefined })).toBeNull();
});
