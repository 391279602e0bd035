import type { UserStatus } from '../directory/model';
import type { OrgEngine } from '../engine';
import type { SeedFactor } from './seeded';

/**
 * Fixed users who show everything Okta documents, whatever the directory's size: every factor type
 * and provider, several Okta Verify devices (phones and computers), every factor status, every user
 * status (`ACTIVATING` too: Okta names it in UserStatus's description though not in its enum), and
 * names that are not ASCII. docs/sandbox.md has them as a table.
 */
export interface ShowcaseUser {
  firstName: string;
  lastName: string;
  login: string;
  status: UserStatus;
  mobilePhone: string | null;
  factors: SeedFactor[];
}

const IPHONE = { platform: 'IOS', deviceType: 'SmartPhone_IPhone' };
const ANDROID = { platform: 'ANDROID', deviceType: 'SmartPhone_Android' };

/** The showcase users of an org kind: Classic leaves out the ACTIVATING one (see showcaseUsersFor). */
export function showcaseUsersFor(engine: OrgEngine): ShowcaseUser[] {
  // A Classic org keeps the directory it has always had (tests pinned to Classic count its users);
  // the ACTIVATING user, which the console reads like any other, is in Identity Engine orgs, the default.
  return engine === 'oie' ? SHOWCASE_USERS : SHOWCASE_USERS.filter((user) => user.status !== 'ACTIVATING');
}

export const SHOWCASE_USERS: ShowcaseUser[] = [
  {
    firstName: 'Zoë',
    lastName: 'Ångström',
    login: 'zoe.angstrom@example.org',
    status: 'ACTIVE',
    mobilePhone: '+1-555-415-2001',
    factors: [
      { oktaVerify: { ...IPHONE, name: 'Zoë’s iPhone', version: '18.1' } },
      { oktaVerify: { ...ANDROID, name: 'Pixel 8 (work)', version: '14' } },
      { oktaVerify: { platform: 'MACOS', deviceType: 'Desktop_MacOS', name: 'Zoë’s MacBook Pro', version: '15.2' } },
      { factorType: 'webauthn', provider: 'FIDO', profile: { authenticatorName: 'MacBook Touch ID' } },
    ],
  },
  {
    firstName: '健',
    lastName: '渡辺',
    login: 'ken.watanabe@example.org',
    status: 'ACTIVE',
    mobilePhone: '+81-90-1234-5678',
    factors: [
      { factorType: 'token:hardware', provider: 'YUBICO' },
      { factorType: 'webauthn', provider: 'FIDO', profile: { authenticatorName: 'YubiKey 5 NFC' } },
      { factorType: 'u2f', provider: 'FIDO' },
      { oktaVerify: { platform: 'WINDOWS', deviceType: 'Desktop_Windows', name: 'WATANABE-LAPTOP', version: '11' } },
    ],
  },
  {
    firstName: 'José',
    lastName: 'Álvarez',
    login: 'jose.alvarez@example.org',
    status: 'ACTIVE',
    mobilePhone: '+34-612-345-678',
    factors: [
      { factorType: 'token', provider: 'RSA' },
      { factorType: 'sms', provider: 'OKTA' },
    ],
  },
  {
    firstName: 'Björn',
    lastName: 'Öberg',
    login: 'bjorn.oberg@example.org',
    status: 'ACTIVE',
    mobilePhone: null,
    factors: [
      { factorType: 'token', provider: 'SYMANTEC' },
      { factorType: 'email', provider: 'OKTA' },
    ],
  },
  {
    firstName: 'Nadia',
    lastName: 'Haddad',
    login: 'nadia.haddad@example.org',
    status: 'ACTIVE',
    mobilePhone: '+1-555-415-2005',
    factors: [
      { factorType: 'token:hotp', provider: 'CUSTOM', vendorName: 'Entrust Datacard' },
      { factorType: 'question', provider: 'OKTA' },
    ],
  },
  {
    firstName: 'Priya',
    lastName: 'Raman',
    login: 'priya.raman@example.org',
    status: 'ACTIVE',
    mobilePhone: '+1-555-415-2006',
    factors: [
      { factorType: 'web', provider: 'DUO' },
      { factorType: 'token:software:totp', provider: 'GOOGLE' },
      { factorType: 'call', provider: 'OKTA', profile: { phoneExtension: '1234' } },
    ],
  },
  {
    firstName: 'Élodie',
    lastName: 'Marchand',
    login: 'elodie.marchand@example.org',
    status: 'ACTIVE',
    mobilePhone: '+33-6-12-34-56-78',
    factors: [
      { factorType: 'push', provider: 'OKTA', status: 'PENDING_ACTIVATION' },
      { factorType: 'sms', provider: 'OKTA', status: 'ACTIVE' },
      { factorType: 'call', provider: 'OKTA', status: 'INACTIVE' },
      { factorType: 'email', provider: 'OKTA', status: 'EXPIRED' },
      { factorType: 'token:software:totp', provider: 'GOOGLE', status: 'ENROLLED' },
      { factorType: 'webauthn', provider: 'FIDO', status: 'DISABLED', profile: { authenticatorName: 'Windows Hello Hardware Authenticator' } },
      { factorType: 'u2f', provider: 'FIDO', status: 'NOT_SETUP' },
    ],
  },
  {
    firstName: 'Łukasz',
    lastName: 'Wiśniewski',
    login: 'lukasz.wisniewski@example.org',
    status: 'LOCKED_OUT',
    mobilePhone: '+48-512-345-678',
    factors: [{ oktaVerify: { ...ANDROID, name: 'Galaxy S23', version: '13' } }, { factorType: 'sms', provider: 'OKTA' }],
  },
  {
    firstName: 'Ana',
    lastName: 'Conceição',
    login: 'ana.conceicao@example.org',
    status: 'SUSPENDED',
    mobilePhone: '+55-11-91234-5678',
    factors: [{ factorType: 'sms', provider: 'OKTA' }],
  },
  { firstName: 'Chidi', lastName: 'Okonkwo', login: 'chidi.okonkwo@example.org', status: 'PROVISIONED', mobilePhone: null, factors: [] },
  { firstName: 'Ingrid', lastName: 'Bergström', login: 'ingrid.bergstrom@example.org', status: 'STAGED', mobilePhone: null, factors: [] },
  {
    firstName: 'Aleksandr',
    lastName: 'Petrov',
    login: 'aleksandr.petrov@example.org',
    status: 'ACTIVATING',
    mobilePhone: null,
    factors: [],
  },
  {
    firstName: 'François',
    lastName: 'Dubois',
    login: 'francois.dubois@example.org',
    status: 'PASSWORD_EXPIRED',
    mobilePhone: null,
    factors: [{ factorType: 'email', provider: 'OKTA' }],
  },
  {
    firstName: '美玲',
    lastName: '林',
    login: 'meiling.lin@example.org',
    status: 'RECOVERY',
    mobilePhone: '+886-912-345-678',
    factors: [{ factorType: 'question', provider: 'OKTA' }],
  },
  {
    firstName: 'Olaf',
    lastName: 'Ødegård',
    login: 'olaf.odegard@example.org',
    status: 'DEPROVISIONED',
    mobilePhone: '+47-412-34-567',
    factors: [],
  },
];
