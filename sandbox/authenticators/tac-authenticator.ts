import { randomInt, timingSafeEqual } from 'node:crypto';
import type { OrgClock } from '../clock';
import type { UserRecord } from '../directory/model';
import type { OrgEngine } from '../engine';
import { notFound, validation } from '../errors';
import type { IdFactory } from '../ids';
import { BASE62, SeededRandom } from '../random';

/** The TAC authenticator's `provider.configuration` (spec AuthenticatorKeyTac). */
export interface TacConfiguration {
  minTtl: number;
  maxTtl: number;
  defaultTtl: number;
  length: number;
  complexity: { numbers: true; letters: boolean; specialCharacters: boolean };
  multiUseAllowed: boolean;
}

/** A code issued to a user. The code itself is only ever returned once, by the POST that made it. */
export interface TacEnrollment {
  id: string;
  userId: string;
  code: string;
  multiUse: boolean;
  createdAt: number;
  expiresAt: number;
}

/** What a TAC request asks for, read from the spec's `profile` form or tac.md's `config` form. */
export interface TacRequest {
  authenticatorId: string;
  ttlMinutes: number | undefined;
  multiUse: boolean | undefined;
}

/** The org's TAC settings when the sandbox starts: the spec's defaults (default TTL 120) with tac.md's bounds and length. */
export const DEFAULT_TAC_CONFIGURATION: TacConfiguration = {
  minTtl: 10,
  maxTtl: 720,
  defaultTtl: 120,
  length: 16,
  complexity: { numbers: true, letters: true, specialCharacters: true },
  multiUseAllowed: true,
};

const DIGITS = '0123456789';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** Okta's example code uses `&` and `^`; the sandbox draws from a small set of symbols on every keyboard. */
const SPECIALS = '!#$%&*+-=?@^_~';
const TTL_LIMITS = { min: 10, max: 14_400 } as const;

/**
 * The Temporary Access Code authenticator (Identity Engine only): its settings, and the codes issued
 * with it, at most one live code per user ("Issuing a new TAC invalidates any existing TAC for this
 * user"). Codes expire on the org clock; a single-use code is used up by a successful sign-in; an
 * expired or used code is gone (its enrollment is no longer listed).
 */
export class TacAuthenticator {
  readonly id: string;
  readonly created: number;
  lastUpdated: number;
  status: 'ACTIVE' | 'INACTIVE' = 'ACTIVE';
  configuration: TacConfiguration = structuredClone(DEFAULT_TAC_CONFIGURATION);
  private readonly codes = new Map<string, TacEnrollment>();

  constructor(
    private readonly clock: OrgClock,
    readonly engine: OrgEngine,
    private readonly ids: IdFactory,
    seed: string | number,
  ) {
    this.id = 'aut' + new SeededRandom(`${seed}:authenticators:tac`).string(17, BASE62);
    this.created = this.lastUpdated = clock.now();
  }

  /** The user's live code, if any (an expired one is dropped here). */
  current(user: UserRecord): TacEnrollment | undefined {
    const enrollment = this.codes.get(user.id);
    if (enrollment && enrollment.expiresAt <= this.clock.now()) {
      this.codes.delete(user.id);
      return undefined;
    }
    return enrollment;
  }

  /** `POST /users/{id}/authenticator-enrollments/tac`: checks the request against the settings, then replaces any code the user had. */
  issue(user: UserRecord, request: TacRequest): { enrollment: TacEnrollment; replaced: TacEnrollment | undefined } {
    if (request.authenticatorId !== this.id) {
      throw validation('authenticatorId', [`authenticatorId: '${request.authenticatorId}' is not the id of this org's Temporary Access Code authenticator`]);
    }
    if (this.status !== 'ACTIVE') {
      throw validation('authenticatorId', ['authenticatorId: The Temporary Access Code authenticator is not active in this org']);
    }
    const config = this.configuration;
    const ttl = request.ttlMinutes ?? config.defaultTtl;
    const causes: string[] = [];
    if (!Number.isInteger(ttl) || ttl < Math.max(TTL_LIMITS.min, config.minTtl) || ttl > Math.min(TTL_LIMITS.max, config.maxTtl)) {
      causes.push(`ttl: The TTL must be between ${config.minTtl} and ${config.maxTtl} minutes (the org's Temporary Access Code settings)`);
    }
    if (request.multiUse === true && !config.multiUseAllowed) causes.push("multiUse: The org's Temporary Access Code settings do not allow multi-use codes");
    if (causes.length) throw validation('profile', causes);
    const replaced = this.current(user);
    const now = this.clock.now();
    const enrollment: TacEnrollment = {
      id: this.ids.next('tac'),
      userId: user.id,
      code: newCode(config),
      multiUse: request.multiUse ?? false,
      createdAt: now,
      expiresAt: now + ttl * 60_000,
    };
    this.codes.set(user.id, enrollment);
    return { enrollment, replaced };
  }

  /** The user's enrollment with this id (404 when it is not theirs, has expired or was used up). */
  get(user: UserRecord, enrollmentId: string): TacEnrollment {
    const enrollment = this.current(user);
    if (!enrollment || enrollment.id !== enrollmentId) throw notFound(enrollmentId, 'AuthenticatorEnrollment');
    return enrollment;
  }

  /** `DELETE …/authenticator-enrollments/{id}`: the code stops working. */
  remove(user: UserRecord, enrollmentId: string): TacEnrollment {
    const enrollment = this.get(user, enrollmentId);
    this.codes.delete(user.id);
    return enrollment;
  }

  /** A code typed at sign-in: the live enrollment it matches (a single-use one is used up), or undefined. */
  redeem(user: UserRecord, typed: string): TacEnrollment | undefined {
    const enrollment = this.current(user);
    if (!enrollment || this.status !== 'ACTIVE' || !sameCode(enrollment.code, typed)) return undefined;
    if (!enrollment.multiUse) this.codes.delete(user.id);
    return enrollment;
  }

  /** `PUT /api/v1/authenticators/{id}`: new settings, checked as Okta documents them. */
  configure(configuration: TacConfiguration): void {
    this.configuration = configuration;
    this.lastUpdated = this.clock.now();
  }

  setStatus(status: 'ACTIVE' | 'INACTIVE'): void {
    this.status = status;
    this.lastUpdated = this.clock.now();
  }
}

/** A code of the configured length with at least one character of each class the settings ask for, from the OS CSPRNG. */
function newCode(config: TacConfiguration): string {
  const classes = [DIGITS, ...(config.complexity.letters ? [LETTERS] : []), ...(config.complexity.specialCharacters ? [SPECIALS] : [])];
  const alphabet = classes.join('');
  const chars = classes.map((set) => set.charAt(randomInt(set.length)));
  while (chars.length < config.length) chars.push(alphabet.charAt(randomInt(alphabet.length)));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join('');
}

function sameCode(expected: string, typed: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(typed, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
