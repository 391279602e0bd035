import { describe, expect, it } from 'vitest';
import { Directory } from '../../../sandbox/directory/directory';
import { generateUsers } from '../../../sandbox/directory/generate';
import { sandboxClient, type Json } from '../support/client';
import { sandboxPerFile } from '../support/sandbox-per-file';

// Okta's `search` on profile phones: the stored string, exactly (`eq`) or by its start (`sw`),
// case-insensitive like every value, and never normalised. The console sends the spellings; the
// sandbox must not "help", or the console's spellings would go untested.

const sandbox = sandboxPerFile({ users: 300, seed: 'phone-search' });
const api = sandboxClient(sandbox);
const search = (expression: string) => api.get<Json[]>(`/api/v1/users?search=${encodeURIComponent(expression)}`);
const logins = (users: Json[]) => users.map((user) => (user.profile as Json).login).sort();

describe('searching profile phones', () => {
  it('matches the stored string exactly, never another spelling of the number', async () => {
    expect(logins((await search('profile.mobilePhone eq "+1-555-415-1337"')).body)).toEqual(['isaac@example.org']);
    for (const other of ['+15554151337', '5554151337', '(555) 415-1337', '555 415 1337', '+1 555 415 1337']) {
      const response = await search(`profile.mobilePhone eq "${other}"`);
      expect(response.status).toBe(200);
      expect(response.body, other).toEqual([]);
    }
  });

  it('matches by the start of the stored string (sw), and the primary phone as its own attribute', async () => {
    expect(logins((await search('profile.mobilePhone sw "+1-555-415-13"')).body)).toEqual(['isaac@example.org']);
    expect(logins((await search('profile.primaryPhone eq "(555) 415-2601"')).body)).toEqual(['dade.murphy@example.org']);
    expect((await search('profile.mobilePhone eq "(555) 415-2601"')).body).toEqual([]);
    expect(logins((await search('profile.mobilePhone eq "+1-555-415-1337" or profile.primaryPhone eq "(555) 415-2601"')).body)).toEqual([
      'dade.murphy@example.org',
      'isaac@example.org',
    ]);
  });

  it('gives generated users work phones in several spellings', async () => {
    const users = (await api.get<Json[]>('/api/v1/users?limit=200')).body;
    const stored = users.map((user) => (user.profile as Json).primaryPhone).filter((phone): phone is string => typeof phone === 'string');
    expect(stored.some((phone) => /^\+1\d{10}$/.test(phone))).toBe(true);
    expect(stored.some((phone) => /^\(\d{3}\) \d{3}-\d{4}$/.test(phone))).toBe(true);
    expect(stored.some((phone) => /^\d{3}\.\d{3}\.\d{4}$/.test(phone))).toBe(true);
    expect(stored.some((phone) => /^\d{3} \d{3} \d{4}$/.test(phone))).toBe(true);
    // Each is found by exactly what is stored.
    for (const phone of stored.slice(0, 8)) {
      const found = (await search(`profile.primaryPhone eq "${phone}"`)).body;
      expect(found.length, phone).toBeGreaterThan(0);
      expect(found.every((user) => (user.profile as Json).primaryPhone === phone)).toBe(true);
    }
  });

  it('answers a phone search from the index: the same users a full scan finds', () => {
    const directory = new Directory(generateUsers(5000, 'phone-index'));
    const some = directory.users.filter((user) => user.profile.primaryPhone).slice(0, 20);
    for (const user of some) {
      const phone = user.profile.primaryPhone as string;
      const page = directory.page({ search: `profile.primaryPhone eq "${phone}" or profile.mobilePhone sw "${phone.slice(0, 6)}"` }, undefined, 200);
      const scanned = directory.users.filter((u) => u.profile.primaryPhone?.toLowerCase() === phone.toLowerCase() || u.profile.mobilePhone?.toLowerCase().startsWith(phone.slice(0, 6).toLowerCase()));
      expect(page.users.map((u) => u.id).sort()).toEqual(scanned.slice(0, 200).map((u) => u.id).sort());
    }
  });

  it('refuses an overly long or complex search with 400 E0000031, as Okta warns it may', async () => {
    const many = Array.from({ length: 51 }, (_, i) => `profile.mobilePhone eq "+1555000${String(i).padStart(4, '0')}"`).join(' or ');
    const refused = await search(many);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ errorCode: 'E0000031' });
    expect(JSON.stringify((refused.body as unknown as Json).errorCauses)).toContain('51 conditions');
    expect((await search(many.split(' or ').slice(0, 50).join(' or '))).status).toBe(200);
    const long = await search(`profile.mobilePhone eq "${'5'.repeat(4000)}"`);
    expect(long.status).toBe(400);
  });

  it('q does not match phones (Okta: first name, last name, email)', async () => {
    expect((await api.get<Json[]>('/api/v1/users?q=%2B1-555-415')).body).toEqual([]);
  });
});
