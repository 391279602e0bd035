import { SEEDED_PASSWORD } from '../directory/generate';
import type { UserRecord } from '../directory/model';
import { validation } from '../errors';
import { QUESTIONS } from '../factors/catalog';
import type { FactorRecord } from '../factors/model';
import type { SeedFactor } from '../factors/seeded';
import type { OktaVerifyDevice } from '../factors/okta-verify';
import type { Org } from '../org';
import { asObject } from '../request-body';

/**
 * Sandbox extra: a practice user written out — who they are, their factors and devices, whether
 * they signed in before (seeded sessions) and whether they are locked out — for a training call
 * that needs a caller in a known state. In Okta these would be an admin creating the user and the
 * user enrolling on their own phone; here they are one step, and every factor is as Okta lists it.
 */
export interface PracticeUserRequest {
  firstName: string;
  lastName: string;
  /** Wanted login; when taken, a number is added before the `@` (maya.chen2@example.org). */
  login: string;
  mobilePhone: string | null;
  department: string;
  title: string;
  status: 'ACTIVE' | 'LOCKED_OUT';
  signedInBefore: boolean;
  factors: SeedFactor[];
}

const PHONE_PLATFORMS = { IOS: 'SmartPhone_IPhone', ANDROID: 'SmartPhone_Android' } as const;
/** What a recent phone of each kind reports as its system version. */
const PHONE_VERSIONS = { IOS: '17.4', ANDROID: '14' } as const;
const CODE_FACTORS = ['sms', 'call', 'email', 'question', 'token:software:totp'] as const;
type CodeFactor = (typeof CODE_FACTORS)[number];
const E164 = /^\+[1-9]\d{6,14}$/;
const LOGIN = /^[a-z0-9][a-z0-9._-]{0,40}@[a-z0-9.-]{1,60}\.[a-z]{2,10}$/;
const NAME = /^[\p{L}\p{M}' -]{1,40}$/u;

function text(input: Record<string, unknown>, key: string, causes: string[], pattern: RegExp, what: string, fallback?: string): string {
  const value = input[key];
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'string' || !pattern.test(value)) {
    causes.push(`${key}: ${what}`);
    return '';
  }
  return value;
}

function parseFactor(value: unknown, index: number, causes: string[]): SeedFactor | null {
  const where = `factors.${index}`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    causes.push(`${where}: must be an object`);
    return null;
  }
  const spec = value as Record<string, unknown>;
  if ('oktaVerify' in spec) {
    const device = typeof spec.oktaVerify === 'object' && spec.oktaVerify !== null ? (spec.oktaVerify as Record<string, unknown>) : {};
    const name = typeof device.name === 'string' && device.name.trim().length > 0 && device.name.length <= 64 ? device.name : null;
    const platform = device.platform === 'IOS' || device.platform === 'ANDROID' ? device.platform : null;
    if (!name) causes.push(`${where}.oktaVerify.name: the phone's name (1-64 characters)`);
    if (!platform) causes.push(`${where}.oktaVerify.platform: IOS or ANDROID`);
    if (!name || !platform) return null;
    const known: OktaVerifyDevice = { name, platform, deviceType: PHONE_PLATFORMS[platform], version: PHONE_VERSIONS[platform] };
    return { oktaVerify: known };
  }
  const factorType = spec.factorType;
  if (typeof factorType !== 'string' || !(CODE_FACTORS as readonly string[]).includes(factorType)) {
    causes.push(`${where}.factorType: one of ${CODE_FACTORS.join(', ')} (or an oktaVerify device)`);
    return null;
  }
  const type = factorType as CodeFactor;
  if (type === 'sms' || type === 'call') {
    const phoneNumber = spec.phoneNumber;
    if (typeof phoneNumber !== 'string' || !E164.test(phoneNumber)) {
      causes.push(`${where}.phoneNumber: an E.164 phone number (+15550100123)`);
      return null;
    }
    return { factorType: type, provider: 'OKTA', profile: { phoneNumber } };
  }
  if (type === 'question') {
    const answer = spec.answer;
    if (answer !== undefined && (typeof answer !== 'string' || answer.trim().length < 4 || answer.length > 100)) {
      causes.push(`${where}.answer: 4-100 characters`);
      return null;
    }
    const question = spec.question === undefined ? undefined : QUESTIONS.find((known) => known.question === spec.question);
    if (spec.question !== undefined && !question) {
      causes.push(`${where}.question: one of Okta's questions (${QUESTIONS.slice(0, 3).map((known) => known.question).join(', ')}, …)`);
      return null;
    }
    return {
      factorType: 'question',
      provider: 'OKTA',
      ...(question ? { profile: { question: question.question, questionText: question.questionText } } : {}),
      ...(typeof answer === 'string' ? { answer } : {}),
    };
  }
  if (type === 'token:software:totp') return { factorType: type, provider: spec.provider === 'GOOGLE' ? 'GOOGLE' : 'OKTA' };
  return { factorType: 'email', provider: 'OKTA' };
}

/** `POST /sandbox/v1/users`: the body read strictly (one cause per problem). */
export function parsePracticeUser(body: unknown): PracticeUserRequest {
  const input = asObject(body);
  const causes: string[] = [];
  const known = new Set(['firstName', 'lastName', 'login', 'mobilePhone', 'department', 'title', 'status', 'signedInBefore', 'factors']);
  for (const key of Object.keys(input)) if (!known.has(key)) causes.push(`${key}: not a setting of a practice user`);
  const firstName = text(input, 'firstName', causes, NAME, 'a first name (letters, 1-40)');
  const lastName = text(input, 'lastName', causes, NAME, 'a last name (letters, 1-40)');
  const login = text(input, 'login', causes, LOGIN, 'a lower-case email-shaped login (maya.chen@example.org)').toLowerCase();
  const department = text(input, 'department', causes, /^[\p{L} &-]{1,40}$/u, 'a department (1-40 letters)', 'Operations');
  const title = text(input, 'title', causes, /^[\p{L} &-]{1,60}$/u, 'a job title (1-60 letters)', 'Specialist');
  const mobilePhone = input.mobilePhone === undefined || input.mobilePhone === null ? null : text(input, 'mobilePhone', causes, E164, 'an E.164 phone number');
  const status = input.status ?? 'ACTIVE';
  if (status !== 'ACTIVE' && status !== 'LOCKED_OUT') causes.push('status: ACTIVE or LOCKED_OUT');
  const signedInBefore = input.signedInBefore ?? true;
  if (typeof signedInBefore !== 'boolean') causes.push('signedInBefore: true or false');
  const list = input.factors ?? [];
  const factors: SeedFactor[] = [];
  if (!Array.isArray(list) || list.length > 6) causes.push('factors: a list of up to 6 factors');
  else list.forEach((value, index) => {
    const factor = parseFactor(value, index, causes);
    if (factor) factors.push(factor);
  });
  if (causes.length) throw validation('practiceUser', causes);
  return { firstName, lastName, login, mobilePhone, department, title, status: status as PracticeUserRequest['status'], signedInBefore: signedInBefore as boolean, factors };
}

/** The login asked for, or with the first free number added before the `@`. */
function freeLogin(org: Org, wanted: string): string {
  if (!org.directory.get(wanted)) return wanted;
  const [local, domain] = wanted.split('@') as [string, string];
  for (let n = 2; ; n++) {
    const candidate = `${local}${n}@${domain}`;
    if (!org.directory.get(candidate)) return candidate;
  }
}

export interface PracticeUserAnswer {
  id: string;
  login: string;
  status: string;
  factors: { id: string; factorType: string; provider: string; status: string }[];
}

/** Creates the practice user; their factors are built at once so the answer can name them. */
export function createPracticeUser(org: Org, request: PracticeUserRequest): PracticeUserAnswer {
  const now = org.clock.now();
  const login = freeLogin(org, request.login);
  const created = now - 400 * 86_400_000;
  const user: UserRecord = org.directory.add({
    id: org.ids.next('00u'),
    status: 'ACTIVE',
    created,
    activated: created + 60_000,
    statusChanged: created + 60_000,
    lastLogin: request.signedInBefore ? now - 26 * 3_600_000 : null,
    lastUpdated: created + 60_000,
    passwordChanged: created + 60_000,
    profile: {
      firstName: request.firstName,
      lastName: request.lastName,
      email: login,
      login,
      mobilePhone: request.mobilePhone,
      secondEmail: null,
      department: request.department,
      title: request.title,
      locale: 'en_US',
      timeZone: 'America/New_York',
    },
    password: SEEDED_PASSWORD,
    factorPlan: request.factors,
  });
  if (request.status === 'LOCKED_OUT') {
    org.directory.setStatus(user, 'LOCKED_OUT');
    user.statusChanged = now - 10 * 60_000;
  }
  const factors: FactorRecord[] = org.factorsOf(user);
  return {
    id: user.id,
    login,
    status: user.status,
    factors: factors.map((factor) => ({ id: factor.id, factorType: factor.factorType, provider: factor.provider, status: factor.status })),
  };
}
