import type { OrgEngine } from '../engine';
import { showcaseUsersFor, type ShowcaseUser } from '../factors/showcase-users';
import { BASE62, SeededRandom } from '../random';
import type { FactorPlan, UserRecord, UserStatus } from './model';

/** Everyone seeded shares this password, as the seeds' Isaac Brock does. */
export const SEEDED_PASSWORD = 'GoAw@y123';

export const ISAAC_ID = '00ub0oNGTSWTBKOLGLNR';
export const ISAAC_LOGIN = 'isaac@example.org';
/** A factor-less user, so the seeds' MFA_ENROLL journey has someone to enroll. */
export const DADE_LOGIN = 'dade.murphy@example.org';
/** The admin the full API token belongs to (actor of management calls in the System Log). */
export const ADMIN_LOGIN = 'sandbox.admin@example.org';
/** The admin the read-only token belongs to. */
export const READ_ONLY_ADMIN_LOGIN = 'sandbox.auditor@example.org';

const FIRST_NAMES = [
  'Ava', 'Liam', 'Olivia', 'Noah', 'Emma', 'Oliver', 'Charlotte', 'Elijah', 'Amelia', 'James', 'Sophia', 'William',
  'Isabella', 'Benjamin', 'Mia', 'Lucas', 'Evelyn', 'Henry', 'Harper', 'Theodore', 'Luna', 'Jack', 'Camila', 'Levi',
  'Gianna', 'Alexander', 'Elizabeth', 'Jackson', 'Eleanor', 'Mateo', 'Ella', 'Daniel', 'Abigail', 'Michael', 'Sofia',
  'Mason', 'Avery', 'Sebastian', 'Scarlett', 'Ethan', 'Emily', 'Logan', 'Aria', 'Owen', 'Penelope', 'Samuel', 'Chloe',
  'Jacob', 'Layla', 'Asher', 'Mila', 'Aiden', 'Nora', 'John', 'Hazel', 'Joseph', 'Madison', 'Wyatt', 'Ellie', 'David',
  'Lily', 'Leo', 'Nova', 'Luke', 'Isla', 'Julian', 'Grace', 'Hudson', 'Violet', 'Grayson', 'Aurora', 'Matthew', 'Riley',
  'Ezra', 'Zoey', 'Gabriel', 'Willow', 'Carter', 'Emilia', 'Isaac', 'Stella', 'Jayden', 'Zoe', 'Luca', 'Victoria',
  'Anthony', 'Hannah', 'Dylan', 'Addison', 'Lincoln', 'Leah', 'Thomas', 'Lucy', 'Maverick', 'Eliana', 'Elias', 'Ivy',
  'Josiah', 'Everly', 'Charles', 'Priya', 'Kenji', 'Amara', 'Mohammed', 'Fatima', 'Chen', 'Yuki', 'Raj', 'Ingrid',
];
const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez',
  'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson',
  'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright',
  'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores', 'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell',
  'Mitchell', 'Carter', 'Roberts', 'Gomez', 'Phillips', 'Evans', 'Turner', 'Diaz', 'Parker', 'Cruz', 'Edwards',
  'Collins', 'Reyes', 'Stewart', 'Morris', 'Morales', 'Murphy', 'Cook', 'Rogers', 'Gutierrez', 'Ortiz', 'Morgan',
  'Cooper', 'Peterson', 'Bailey', 'Reed', 'Kelly', 'Howard', 'Ramos', 'Kim', 'Cox', 'Ward', 'Richardson', 'Watson',
  'Brooks', 'Chavez', 'Wood', 'James', 'Bennett', 'Gray', 'Mendoza', 'Ruiz', 'Hughes', 'Price', 'Alvarez', 'Castillo',
  'Sanders', 'Patel', 'Myers', 'Long', 'Ross', 'Foster', 'Jimenez', 'Okafor', 'Nakamura', 'Singh', 'Larsen', 'Novak',
];
const DEPARTMENTS = ['Engineering', 'Sales', 'Support', 'Finance', 'Marketing', 'Operations', 'Legal', 'People'];
const TITLES = ['Analyst', 'Engineer', 'Manager', 'Director', 'Specialist', 'Coordinator', 'Associate', 'Lead'];
const TIME_ZONES = ['America/Los_Angeles', 'America/New_York', 'America/Chicago', 'Europe/London', 'Europe/Berlin', 'Asia/Tokyo'];

const STATUS_WEIGHTS: Array<[UserStatus, number]> = [
  ['ACTIVE', 80],
  ['LOCKED_OUT', 5],
  ['SUSPENDED', 4],
  ['PROVISIONED', 4],
  ['PASSWORD_EXPIRED', 2],
  ['RECOVERY', 1],
  ['STAGED', 2],
  ['DEPROVISIONED', 2],
];
const PLAN_WEIGHTS: Array<[FactorPlan, number]> = [
  ['none', 22],
  ['push', 18],
  ['push+sms', 12],
  ['sms', 12],
  ['call', 3],
  ['totp', 7],
  ['google', 4],
  ['email', 7],
  ['question', 5],
  ['pending-push', 5],
  ['pending-sms', 2],
  ['sms+email+question', 3],
];

function weighted<T>(random: SeededRandom, table: Array<[T, number]>): T {
  const total = table.reduce((sum, [, w]) => sum + w, 0);
  let roll = random.next() * total;
  for (const [value, weight] of table) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return (table[0] as [T, number])[0];
}

const DAY = 86_400_000;
const DIRECTORY_EPOCH = Date.UTC(2022, 0, 3, 9, 0, 0);

interface SpecialUser {
  id?: string;
  firstName: string;
  lastName: string;
  login: string;
  mobilePhone: string | null;
  /** The work phone, stored as people type it (Okta keeps profile phones as free text). */
  primaryPhone?: string;
  plan: FactorPlan;
  department: string;
  title: string;
}

const SPECIAL_USERS: SpecialUser[] = [
  { id: ISAAC_ID, firstName: 'Isaac', lastName: 'Brock', login: ISAAC_LOGIN, mobilePhone: '+1-555-415-1337', plan: 'push+sms', department: 'Engineering', title: 'Engineer' },
  { firstName: 'Dade', lastName: 'Murphy', login: DADE_LOGIN, mobilePhone: '+1-555-415-2600', primaryPhone: '(555) 415-2601', plan: 'none', department: 'Engineering', title: 'Engineer' },
  { firstName: 'Sandbox', lastName: 'Admin', login: ADMIN_LOGIN, mobilePhone: null, plan: 'push', department: 'IT', title: 'Helpdesk Administrator' },
  { firstName: 'Sandbox', lastName: 'Auditor', login: READ_ONLY_ADMIN_LOGIN, mobilePhone: null, plan: 'none', department: 'IT', title: 'Read-only Administrator' },
];

/** `ava.smith@example.org`, then `ava.smith2@example.org`, `ava.smith3@example.org`, ... */
function loginWithSuffix(base: string, suffix: number): string {
  return suffix === 1 ? `${base}@example.org` : `${base}${suffix}@example.org`;
}

/** Builds the seeded directory. Cheap enough for 100 000 users: no factors are built until asked for. */
export function generateUsers(count: number, seed: string | number, engine: OrgEngine = 'oie'): UserRecord[] {
  const showcase = showcaseUsersFor(engine);
  const random = new SeededRandom(`${seed}:directory`);
  const users: UserRecord[] = [];
  const logins = new Set<string>();
  // Per name, the next numeric suffix to try: probing from 2 every time is quadratic in the number
  // of namesakes (about ten per name at 100 000 users).
  const nextSuffix = new Map<string, number>();
  // The showcase users come last and count toward `count`.
  const total = Math.max(count - showcase.length, SPECIAL_USERS.length);

  for (let index = 0; index < total; index++) {
    const id = '00u' + random.string(17, BASE62);
    const special = SPECIAL_USERS[index];
    const created = DIRECTORY_EPOCH + random.int(0, 900) * DAY + random.int(0, DAY - 1);
    const lastUpdated = created + random.int(0, 300) * DAY;
    if (special) {
      logins.add(special.login);
      users.push({
        index,
        id: special.id ?? id,
        status: 'ACTIVE',
        created,
        activated: created + 60_000,
        statusChanged: created + 60_000,
        lastLogin: lastUpdated,
        lastUpdated,
        passwordChanged: created + 60_000,
        profile: {
          firstName: special.firstName,
          lastName: special.lastName,
          email: special.login,
          login: special.login,
          mobilePhone: special.mobilePhone,
          ...(special.primaryPhone ? { primaryPhone: special.primaryPhone } : {}),
          secondEmail: null,
          department: special.department,
          title: special.title,
          locale: 'en_US',
          timeZone: 'America/Los_Angeles',
        },
        password: SEEDED_PASSWORD,
        factorPlan: special.plan,
      });
      continue;
    }

    const firstName = random.pick(FIRST_NAMES);
    const lastName = random.pick(LAST_NAMES);
    const base = `${firstName}.${lastName}`.toLowerCase();
    let suffix = nextSuffix.get(base) ?? 1;
    let login = loginWithSuffix(base, suffix);
    while (logins.has(login)) login = loginWithSuffix(base, ++suffix);
    nextSuffix.set(base, suffix + 1);
    logins.add(login);
    const status = weighted(random, STATUS_WEIGHTS);
    const hasActivated = status !== 'STAGED' && status !== 'PROVISIONED';
    const plan: FactorPlan = status === 'STAGED' || status === 'PROVISIONED' ? 'none' : weighted(random, PLAN_WEIGHTS);
    const area = random.int(201, 989);
    users.push({
      index,
      id,
      status,
      created,
      activated: hasActivated ? created + 60_000 : null,
      statusChanged: status === 'STAGED' ? null : lastUpdated,
      lastLogin: hasActivated && random.next() < 0.9 ? lastUpdated : null,
      lastUpdated,
      passwordChanged: hasActivated ? created + 60_000 : null,
      profile: {
        firstName,
        lastName,
        email: login,
        login,
        mobilePhone: random.next() < 0.85 ? `+1-${area}-555-${String(random.int(0, 9999)).padStart(4, '0')}` : null,
        secondEmail: random.next() < 0.2 ? `${base}@personal.example.net` : null,
        department: random.pick(DEPARTMENTS),
        title: random.pick(TITLES),
        locale: 'en_US',
        timeZone: random.pick(TIME_ZONES),
      },
      password: SEEDED_PASSWORD,
      factorPlan: plan,
    });
    const primaryPhone = workPhoneFor(users[index]?.profile.mobilePhone ?? null, index);
    if (primaryPhone) (users[index] as UserRecord).profile.primaryPhone = primaryPhone;
  }
  users.push(...showcaseUsers(showcase, users.length, seed));
  return users;
}

/**
 * A work phone for some generated users: the next numbers along from their mobile, stored in the
 * spellings directories hold (E.164, "(415) 555-0123", dotted, spaced), so a caller-ID search meets
 * every format. Derived from what is drawn already: no extra draw shifts the directory.
 */
function workPhoneFor(mobilePhone: string | null, index: number): string | null {
  const digits = mobilePhone?.replace(/\D/g, '');
  if (!digits || digits.length !== 11) return null;
  const area = digits.slice(1, 4);
  const exchange = digits.slice(4, 7);
  const line = String((Number(digits.slice(7)) + 1111) % 10_000).padStart(4, '0');
  switch (index % 10) {
    case 0:
      return `+1${area}${exchange}${line}`;
    case 3:
      return `(${area}) ${exchange}-${line}`;
    case 6:
      return `${area}.${exchange}.${line}`;
    case 8:
      return `${area} ${exchange} ${line}`;
    default:
      return null;
  }
}

/**
 * The showcase users (every factor type and status), after everyone else so the generated
 * directory stays as it was; drawn from their own random stream.
 */
function showcaseUsers(list: ShowcaseUser[], firstIndex: number, seed: string | number): UserRecord[] {
  const random = new SeededRandom(`${seed}:showcase`);
  return list.map((showcase, offset) => {
    const id = '00u' + random.string(17, BASE62);
    const created = DIRECTORY_EPOCH + random.int(0, 900) * DAY;
    const lastUpdated = created + random.int(1, 300) * DAY;
    const activated = showcase.status === 'STAGED' || showcase.status === 'PROVISIONED' || showcase.status === 'ACTIVATING' ? null : created + 60_000;
    return {
      index: firstIndex + offset,
      id,
      status: showcase.status,
      created,
      activated,
      statusChanged: showcase.status === 'STAGED' ? null : lastUpdated,
      lastLogin: activated === null ? null : lastUpdated,
      lastUpdated,
      passwordChanged: activated === null ? null : created + 60_000,
      profile: {
        firstName: showcase.firstName,
        lastName: showcase.lastName,
        email: showcase.login,
        login: showcase.login,
        mobilePhone: showcase.mobilePhone,
        secondEmail: null,
        department: 'Operations',
        title: 'Specialist',
        locale: 'en_US',
        timeZone: 'Europe/Berlin',
      },
      password: SEEDED_PASSWORD,
      factorPlan: showcase.factors,
    };
  });
}
