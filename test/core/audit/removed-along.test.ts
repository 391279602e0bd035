import { describe, expect, it } from 'vitest';
import { removedAlongDetail, removedAlongIds } from '../../../main/core/audit';

describe("a reset's record of what Okta removed along with it", () => {
  it('writes the factors by label and id, and reads back only their ids', () => {
    const detail = removedAlongDetail([
      { label: 'Okta Verify (code)', id: 'ost1a2b3c4d5e6f7g8h9' },
      { label: 'Okta FastPass', id: 'crp1a2b3c4d5e6f7g8h9' },
    ]);
    expect(detail).toBe('Okta also removed Okta Verify (code) ost1a2b3c4d5e6f7g8h9, Okta FastPass crp1a2b3c4d5e6f7g8h9');
    expect(removedAlongIds(`confirmed removed by reading the factors back; ${detail}`)).toEqual(['ost1a2b3c4d5e6f7g8h9', 'crp1a2b3c4d5e6f7g8h9']);
    // Another part of the detail after it, or no such part, names nothing more.
    expect(removedAlongIds(`${detail}; opf1a2b3c4d5e6f7g8h9 stays`)).toEqual(['ost1a2b3c4d5e6f7g8h9', 'crp1a2b3c4d5e6f7g8h9']);
    expect(removedAlongIds('sms to +1•••0123')).toEqual([]);
    expect(removedAlongIds(undefined)).toEqual([]);
  });
});
