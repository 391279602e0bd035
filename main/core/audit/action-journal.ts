import { FactorDeskError } from '../../../contract/errors';
import type { ActiveOrg, Connections } from '../feature-context';
import { requestReach } from '../okta/request-reach';
import { getUser } from '../okta/resources';
import type { AuditJournal } from './audit-journal';
import type { AuditAction, AuditEntry, AuditFailureStage, AuditOutcome, AuditRecord, AuditRecordOutcome } from './audit-record';
import { OutcomeUnknown, outcomeUnknown } from './outcome-unknown';

/** Who an action is about: the org (with its client) and the user, with their login for the journal. */
export interface ActionScope extends ActiveOrg {
  userId: string;
  userLogin: string | null;
}

/** What a record says besides who did what to whom and how it ended. */
export type ActionFields = Pick<AuditEntry, 'factorId' | 'factorType' | 'detail' | 'callerVerification' | 'riskCheck' | 'bulkJob'>;

/** FactorDesk's own "no" (a check failed, the confirmation did not match): journaled as `refused`. */
export class Refusal extends FactorDeskError {}

/** What an action's body tells the journal while it runs. */
export interface JournaledAction {
  readonly scope: ActionScope;
  /** Add what the action learned (the factor's type, how the caller was verified) to its record. */
  note(fields: ActionFields): void;
  /** How a success is recorded when it is not plain `success`: a push `sent`, an enrollment `pending`. */
  succeedAs(outcome: 'success' | 'sent' | 'pending'): void;
  /**
   * Send the action's own request to Okta (the change or the challenge). A failure from here on is
   * journaled as `at_okta` (or `before_okta` when the request provably never left, `unknown` when
   * it may have reached Okta without an answer); one before it as `refused` or `before_okta`.
   * For an action run with `recordAttempt`, the attempt record is on disk before `send` starts.
   */
  atOkta<T>(send: () => Promise<T>): Promise<T>;
}

export interface JournaledResult<T> {
  value: T;
  /** The success record, as written. */
  record: AuditRecord;
  scope: ActionScope;
}

export interface ActionRequest {
  userId: string;
  action: AuditAction;
  /** What is known before the action runs, such as the factor the agent picked. */
  fields?: ActionFields;
  /** Look the login up again instead of using the one remembered (reset-all compares it with the agent's confirmation). */
  freshLogin?: boolean;
  /**
   * High-risk actions (resets, and anything as final): write an `attempt` record, and flush it,
   * before the request goes to Okta; the outcome names it by `attemptId`. A crash in between
   * leaves an attempt without an outcome, which reads back as `unknown`, never as nothing.
   */
  recordAttempt?: boolean;
  /** The org to act in, when not the one selected now (a bulk job stays with the org it was started in). */
  org?: ActiveOrg;
  /** The user's login when the caller already read it (a bulk job's dry run): no lookup is made. */
  userLogin?: string;
}

/** Told of every record once it is on disk (attempts included), in the order they were written. */
export type RecordListener = (record: AuditRecord) => void;

/**
 * The one way an action that changes or challenges a user is journaled. `run` writes exactly one
 * outcome for every way the action ends, and the record is on disk before `run` resolves or
 * rethrows, so the agent never sees an outcome the journal lacks. Only a missing org connection
 * ends an action unrecorded: there is no org to record it against, and nothing reached Okta.
 */
export class ActionJournal {
  /** Users' logins per org, looked up once: every record names the user in words. */
  private readonly logins = new Map<string, string>();
  private readonly listeners = new Set<RecordListener>();
  /** Attempts written whose outcome is not yet: their request may be on its way. */
  private readonly inFlight = new Set<string>();

  constructor(private readonly deps: { journal: Pick<AuditJournal, 'append'>; connections: Connections }) {}

  async run<T>(request: ActionRequest, body: (action: JournaledAction) => Promise<T>): Promise<JournaledResult<T>> {
    const active = request.org ?? this.deps.connections.active();
    let scope: ActionScope = { ...active, userId: request.userId, userLogin: null };
    let fields: ActionFields = withoutUndefined(request.fields ?? {});
    let outcome: AuditOutcome = 'success';
    let reachedOkta = false;
    let attempt: AuditRecord | undefined;
    let value: T;
    try {
      scope = { ...scope, userLogin: request.userLogin ?? (await this.loginOf(active, request.userId, request.freshLogin ?? false)) };
      const current = scope;
      value = await body({
        scope: current,
        note: (more) => {
          fields = { ...fields, ...withoutUndefined(more) };
        },
        succeedAs: (how) => {
          outcome = how;
        },
        atOkta: async (send) => {
          if (request.recordAttempt && !attempt) {
            attempt = await this.write(current, request.action, 'attempt', fields);
            this.inFlight.add(attempt.id);
          }
          reachedOkta = true;
          return send();
        },
      });
    } catch (error) {
      const reach = reachedOkta ? requestReach(error) : undefined;
      try {
        if (error instanceof OutcomeUnknown || reach === 'unknown') {
          const unknown = error instanceof OutcomeUnknown ? error : outcomeUnknown(request.action, error);
          await this.write(scope, request.action, 'unknown', fields, unknown, undefined, attempt);
          throw unknown;
        }
        const stage: AuditFailureStage = reachedOkta
          ? reach === 'not_sent'
            ? 'before_okta'
            : 'at_okta'
          : error instanceof Refusal
            ? 'refused'
            : 'before_okta';
        await this.write(scope, request.action, 'failure', fields, error, stage, attempt);
      } finally {
        if (attempt) this.inFlight.delete(attempt.id);
      }
      throw error;
    }
    try {
      return { value, record: await this.write(scope, request.action, outcome, fields, undefined, undefined, attempt), scope };
    } finally {
      if (attempt) this.inFlight.delete(attempt.id);
    }
  }

  /** A record of what a live watch saw after its action ended (a push answered, an activation completed). */
  record(scope: ActionScope, action: AuditAction, outcome: AuditOutcome, fields: ActionFields = {}, error?: unknown): Promise<AuditRecord> {
    return this.write(scope, action, outcome, fields, error);
  }

  /**
   * A record of the agent's own handling of a user that sends nothing to Okta (ending a call), in
   * the active org. It needs no network: the login is the one looked up earlier, if any.
   */
  recordLocal(userId: string, action: AuditAction, outcome: AuditOutcome, fields: ActionFields = {}): Promise<AuditRecord> {
    const active = this.deps.connections.active();
    const userLogin = this.logins.get(loginKey(active.org.id, userId)) ?? null;
    return this.write({ ...active, userId, userLogin }, action, outcome, fields);
  }

  /** Hear of every record as it is written (the caller-verification timeline follows the checks this way). */
  onRecord(listener: RecordListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Ids of attempts whose outcome is still to come, so a reader does not call them unknown yet. */
  attemptsInFlight(): ReadonlySet<string> {
    return this.inFlight;
  }

  private async write(
    scope: ActionScope,
    action: AuditAction,
    outcome: AuditRecordOutcome,
    fields: ActionFields,
    error?: unknown,
    stage?: AuditFailureStage,
    attempt?: AuditRecord,
  ): Promise<AuditRecord> {
    const entry: AuditEntry = {
      orgId: scope.org.id,
      orgUrl: scope.org.url,
      userId: scope.userId,
      userLogin: scope.userLogin,
      action,
      outcome,
      ...withoutUndefined(fields),
    };
    if (scope.actingAs) entry.actingAs = scope.actingAs;
    if (stage) entry.stage = stage;
    if (attempt) entry.attemptId = attempt.id;
    if (error instanceof FactorDeskError) {
      entry.errorCode = error.data.code;
      if (error.data.oktaErrorCode) entry.oktaErrorCode = error.data.oktaErrorCode;
      if (error.data.oktaErrorId) entry.oktaErrorId = error.data.oktaErrorId;
      entry.detail ??= error.data.message;
    }
    const record = await this.deps.journal.append(entry);
    for (const listener of this.listeners) {
      try {
        listener(record);
      } catch {
        // A listener's failure is its own; the record is written either way.
      }
    }
    return record;
  }

  private async loginOf(active: ActiveOrg, userId: string, fresh: boolean): Promise<string> {
    const key = loginKey(active.org.id, userId);
    const known = this.logins.get(key);
    if (known !== undefined && !fresh) return known;
    const login = (await getUser(active.client, userId)).profile.login;
    this.logins.set(key, login);
    return login;
  }
}

const loginKey = (orgId: string, userId: string): string => `${orgId}\u0000${userId}`;

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
