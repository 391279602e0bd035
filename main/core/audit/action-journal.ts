import { FactorDeskError } from '../../../contract/errors';
import type { ActiveOrg, Connections } from '../feature-context';
import { getUser } from '../okta/resources';
import type { AuditJournal } from './audit-journal';
import type { AuditAction, AuditEntry, AuditFailureStage, AuditOutcome, AuditRecord } from './audit-record';

/** Who an action is about: the org (with its client) and the user, with their login for the journal. */
export interface ActionScope extends ActiveOrg {
  userId: string;
  userLogin: string | null;
}

/** What a record says besides who did what to whom and how it ended. */
export type ActionFields = Pick<AuditEntry, 'factorId' | 'factorType' | 'detail' | 'callerVerification'>;

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
   * journaled as `at_okta`; one before it as `refused` or `before_okta`.
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
}

/**
 * The one way an action that changes or challenges a user is journaled. `run` writes exactly one
 * record for every way the action ends, and the record is on disk before `run` resolves or
 * rethrows, so the agent never sees an outcome the journal lacks. Only a missing org connection
 * ends an action unrecorded: there is no org to record it against, and nothing reached Okta.
 */
export class ActionJournal {
  /** Users' logins per org, looked up once: every record names the user in words. */
  private readonly logins = new Map<string, string>();

  constructor(private readonly deps: { journal: Pick<AuditJournal, 'append'>; connections: Connections }) {}

  async run<T>(request: ActionRequest, body: (action: JournaledAction) => Promise<T>): Promise<JournaledResult<T>> {
    const active = this.deps.connections.active();
    let scope: ActionScope = { ...active, userId: request.userId, userLogin: null };
    let fields: ActionFields = withoutUndefined(request.fields ?? {});
    let outcome: AuditOutcome = 'success';
    let reachedOkta = false;
    let value: T;
    try {
      scope = { ...scope, userLogin: await this.loginOf(active, request.userId, request.freshLogin ?? false) };
      value = await body({
        scope,
        note: (more) => {
          fields = { ...fields, ...withoutUndefined(more) };
        },
        succeedAs: (how) => {
          outcome = how;
        },
        atOkta: (send) => {
          reachedOkta = true;
          return send();
        },
      });
    } catch (error) {
      const stage: AuditFailureStage = reachedOkta ? 'at_okta' : error instanceof Refusal ? 'refused' : 'before_okta';
      await this.write(scope, request.action, 'failure', fields, error, stage);
      throw error;
    }
    return { value, record: await this.write(scope, request.action, outcome, fields), scope };
  }

  /** A record of what a live watch saw after its action ended (a push answered, an activation completed). */
  record(scope: ActionScope, action: AuditAction, outcome: AuditOutcome, fields: ActionFields = {}, error?: unknown): Promise<AuditRecord> {
    return this.write(scope, action, outcome, fields, error);
  }

  private write(
    scope: ActionScope,
    action: AuditAction,
    outcome: AuditOutcome,
    fields: ActionFields,
    error?: unknown,
    stage?: AuditFailureStage,
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
    if (stage) entry.stage = stage;
    if (error instanceof FactorDeskError) {
      entry.errorCode = error.data.code;
      if (error.data.oktaErrorCode) entry.oktaErrorCode = error.data.oktaErrorCode;
      if (error.data.oktaErrorId) entry.oktaErrorId = error.data.oktaErrorId;
      entry.detail ??= error.data.message;
    }
    return this.deps.journal.append(entry);
  }

  private async loginOf(active: ActiveOrg, userId: string, fresh: boolean): Promise<string> {
    const key = `${active.org.id}\u0000${userId}`;
    const known = this.logins.get(key);
    if (known !== undefined && !fresh) return known;
    const login = (await getUser(active.client, userId)).profile.login;
    this.logins.set(key, login);
    return login;
  }
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
