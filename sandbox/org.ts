import { OrgClock } from './clock';
import { Directory } from './directory/directory';
import { ADMIN_LOGIN, READ_ONLY_ADMIN_LOGIN, generateUsers } from './directory/generate';
import type { UserRecord } from './directory/model';
import type { OrgEngine } from './engine';
import { notFound } from './errors';
import { factorDisplayName, type FactorRecord } from './factors/model';
import { buildSeededFactors } from './factors/seeded';
import { IdFactory } from './ids';
import { EventLog, type LogActor, type LogTarget } from './logs/event-log';
import { Outbox } from './phone';

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
  /** Set once the server listens: `http://127.0.0.1:PORT`. Every link is built on it. */
  origin = 'http://127.0.0.1';

  constructor(
    readonly seed: string | number,
    userCount: number,
    readonly timings: OrgTimings,
    /** Identity Engine (the default) or Classic: what Okta Verify looks like and how resets are logged. */
    readonly engine: OrgEngine = 'oie',
  ) {
    this.ids = new IdFactory(seed);
    this.directory = new Directory(generateUsers(userCount, seed, engine));
    this.outbox = new Outbox(this.clock);
    this.log = new EventLog(this.clock);
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

  /** The admin an API token belongs to: `/users/me` for that token, and the actor of its calls in the System Log. */
  tokenOwner(readOnly: boolean): UserRecord {
    return this.user(readOnly ? READ_ONLY_ADMIN_LOGIN : ADMIN_LOGIN);
  }

  adminActor(readOnly: boolean): LogActor {
    return this.actorFor(this.tokenOwner(readOnly));
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

  url(path: string): string {
    return this.origin + path;
  }
}
