import { OrgClock } from './clock';
import { Directory } from './directory/directory';
import { ADMIN_LOGIN, DADE_LOGIN, ISAAC_LOGIN, generateUsers } from './directory/generate';
import type { UserRecord } from './directory/model';
import type { OrgEngine } from './engine';
import { notFound } from './errors';
import { factorDisplayName, type FactorRecord } from './factors/model';
import { buildSeededFactors } from './factors/seeded';
import { Groups } from './groups/groups';
import { seedGroups } from './groups/seeded-groups';
import { IdFactory } from './ids';
import { linkOrigin, type LinkKind, type PublicOrigins } from './links';
import { EventLog, type LogActor, type LogTarget } from './logs/event-log';
import { OAuthApps } from './oauth/oauth-apps';
import { Outbox } from './phone';
import { PhoneKeys } from './phone-page/phone-keys';
import { ApiTokens } from './principals/api-tokens';
import { secureToken, SeededRandom } from './random';
import { UserSessions } from './sessions/user-sessions';
import { TacAuthenticator } from './authenticators/tac-authenticator';
import { RoleAssignments } from './roles/role-assignments';
import { ADDED_ADMIN_COUNT, addSeededAdmins, assignSeededRoles, supportManagedAdmins } from './roles/seeded-admins';

export interface OrgTimings {
  /** How long a push activation (QR code / links) stays valid. Okta: 10 minutes. */
  activationTtlSeconds: number;
  /** How long a push verify waits for the phone before TIMEOUT. Okta: 5 minutes. */
  pushTtlSeconds: number;
  /** Default lifetime of SMS / call / email one-time codes. Okta: 300 s (tokenLifetimeSeconds). */
  otpTtlSeconds: number;
  /** Sliding lifetime of an Authentication API state token (one hour, as the seeds' expiresAt values suggest). */
  stateTokenTtlSeconds: number;
}

export const DEFAULT_TIMINGS: OrgTimings = {
  activationTtlSeconds: 600,
  pushTtlSeconds: 300,
  otpTtlSeconds: 300,
  stateTokenTtlSeconds: 3600,
};

export type PushResult = 'WAITING' | 'SUCCESS' | 'REJECTED' | 'TIMEOUT';

/** A push sent to the user's phone, waiting for approve / deny. */
export interface PushTransaction {
  id: string;
  userId: string;
  factorId: string;
  createdAt: number;
  expiresAt: number;
  correctAnswer: number | null;
  result: Exclude<PushResult, 'TIMEOUT'> | 'CANCELLED';
  /** Where it came from, for the log's actor and for the authn state machine. */
  source: 'factors' | 'authn';
}

/** All mutable state of one sandbox org. */
export class Org {
  readonly clock = new OrgClock();
  readonly ids: IdFactory;
  readonly directory: Directory;
  readonly outbox: Outbox;
  readonly log: EventLog;
  readonly pushes = new Map<string, PushTransaction>();
  readonly groups: Groups;
  readonly roles = new RoleAssignments();
  readonly apiTokens = new ApiTokens();
  /** Keys to the phone page, one user's phone each (phone-page/). */
  readonly phoneKeys = new PhoneKeys();
  /** Salts the wrong numbers a number-matching push shows (factors/number-challenge.ts): new every start. */
  readonly numberChallengeSalt = secureToken(16);
  /** OAuth apps: the native app agents sign in with, and service apps (sandbox/oauth). */
  readonly oauthApps: OAuthApps;
  /** Users' sessions, the OAuth tokens apps hold for them and their remembered devices (sessions/user-sessions.ts). */
  readonly sessions: UserSessions;
  /** The Temporary Access Code authenticator and the codes issued with it (authenticators/tac-authenticator.ts). */
  readonly tac: TacAuthenticator;
  /**
   * Revokes the grants the org authorization server holds for a user (their refresh and access
   * tokens); set by the authorization server when it is made. Answers how many grants it revoked.
   */
  revokeUserGrants: (userId: string) => Promise<number> = async () => 0;
  /** Set once the server listens (or from `publicUrl` / `customDomain`); every link is built on them (links.ts). */
  origins: PublicOrigins = { orgDomain: 'http://127.0.0.1', customDomain: null };

  /** `userCount` users in all: the generated directory, then the fixed admins it lacks. */
  constructor(
    readonly seed: string | number,
    userCount: number,
    readonly timings: OrgTimings,
    /** Identity Engine (the default) or Classic: what Okta Verify looks like and how resets are logged. */
    readonly engine: OrgEngine = 'oie',
  ) {
    this.ids = new IdFactory(seed);
    this.oauthApps = new OAuthApps(seed);
    this.sessions = new UserSessions(seed, this.clock);
    this.tac = new TacAuthenticator(this.clock, engine, this.ids, seed);
    this.directory = new Directory(generateUsers(Math.max(userCount - ADDED_ADMIN_COUNT, 0), seed, engine));
    const administration = new SeededRandom(`${seed}:administration`);
    addSeededAdmins(this.directory, administration);
    this.groups = new Groups(this.directory);
    seedGroups(this.groups, this.directory, administration, [ISAAC_LOGIN, DADE_LOGIN, ...supportManagedAdmins()]);
    assignSeededRoles(this.roles, this.directory, this.groups, administration);
    this.outbox = new Outbox(this.clock);
    this.log = new EventLog(this.clock);
  }

  /** The origin links written now use: the one the current request came in on (links.ts). */
  get origin(): string {
    return linkOrigin(this.origins);
  }

  user(idOrLogin: string): UserRecord {
    const user = this.directory.get(idOrLogin);
    if (!user) throw notFound(idOrLogin, 'User');
    return user;
  }

  /** The user's factors, built from the seed on first use. */
  factorsOf(user: UserRecord): FactorRecord[] {
    if (!user.factors) {
      user.factors = buildSeededFactors(user, this.seed, this.engine, this.clock.now(), this.timings.activationTtlSeconds * 1000);
    }
    return user.factors;
  }

  factor(user: UserRecord, factorId: string): FactorRecord {
    const factor = this.factorsOf(user).find((f) => f.id === factorId);
    if (!factor) throw notFound(factorId, 'UserFactor');
    return factor;
  }

  removeFactor(user: UserRecord, factorId: string): void {
    user.factors = this.factorsOf(user).filter((f) => f.id !== factorId);
    for (const push of this.pushes.values()) {
      if (push.factorId === factorId && push.result === 'WAITING') push.result = 'CANCELLED';
    }
  }

  pushResult(push: PushTransaction): PushResult | 'CANCELLED' {
    if (push.result === 'WAITING' && this.clock.now() >= push.expiresAt) return 'TIMEOUT';
    return push.result;
  }

  /** Cancels a push still waiting for the phone (it then reads REJECTED); a finished one is left as it is. */
  cancelPush(push: PushTransaction | undefined): void {
    if (push && this.pushResult(push) === 'WAITING') push.result = 'CANCELLED';
  }

  /** The actor of org-wide events no caller can be named for (the org's first super admin). */
  orgActor(): LogActor {
    return this.actorFor(this.user(ADMIN_LOGIN));
  }

  actorFor(user: UserRecord): LogActor {
    return {
      id: user.id,
      type: 'User',
      alternateId: user.profile.login,
      displayName: `${user.profile.firstName} ${user.profile.lastName}`,
      detailEntry: null,
    };
  }

  userTarget(user: UserRecord): LogTarget {
    return this.actorFor(user);
  }

  factorTarget(factor: FactorRecord): LogTarget {
    return {
      id: factor.id,
      type: 'AuthenticatorEnrollment',
      alternateId: 'unknown',
      displayName: factorDisplayName(factor),
      detailEntry: { methodTypeUsed: factor.factorType, methodUsedVerifiedProperties: `[${factor.factorType}]` },
    };
  }

  /** An absolute link to `path`, on the origin its kind of link uses (links.ts). */
  url(path: string, kind: LinkKind = 'resource'): string {
    return linkOrigin(this.origins, kind) + path;
  }
}
