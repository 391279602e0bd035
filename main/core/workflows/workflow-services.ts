import { FactorDeskError } from '../../../contract/errors';
import { AuditJournal, readJournalSince, type AuditAction, type AuditEntry, type AuditOutcome, type AuditRecord } from '../audit';
import type { ActiveOrg, FeatureContext } from '../feature-context';
import { PollBudget, WatchRegistry, type PollBudgetOptions, type PollSchedule } from '../watch';
import { getUser } from './okta-calls';
import { RecentVerifications } from './recent-verifications';

export interface WorkflowOptions {
  /** Minutes a passed check counts as caller verification (default 10). */
  verificationWindowMinutes?: number;
  /** Poll budget tuning (share of the org's bucket, default limit). */
  pollBudget?: PollBudgetOptions;
  /** Poll intervals (tests and the benchmark use the default adaptive schedule). */
  pollSchedule?: PollSchedule;
}

/** Who an action is about: the org (with its client), and the user with their login for the journal. */
export interface UserScope {
  active: ActiveOrg;
  userId: string;
  userLogin: string | null;
}

type ScopedFields = Pick<AuditEntry, 'factorId' | 'factorType' | 'detail' | 'callerVerification'>;

/** State shared by the workflow handlers: journal, watches and their per-org poll budgets, recent checks. */
export class WorkflowServices {
  readonly journal: AuditJournal;
  readonly watches: WatchRegistry;
  readonly recent: RecentVerifications;
  private readonly budgets = new Map<string, PollBudget>();
  private readonly logins = new Map<string, string>();

  constructor(
    readonly ctx: FeatureContext,
    private readonly options: WorkflowOptions = {},
  ) {
    this.journal = new AuditJournal({ dataDir: ctx.dataDir, agent: ctx.agentName, now: () => ctx.now() });
    this.watches = new WatchRegistry(options.pollSchedule ? { schedule: options.pollSchedule } : {});
    this.recent = new RecentVerifications(
      async (since) => (await readJournalSince(ctx.dataDir, { since })).records,
      options.verificationWindowMinutes,
    );
  }

  /** One budget per org, shared by every watch on it. */
  budgetFor(orgId: string): PollBudget {
    let budget = this.budgets.get(orgId);
    if (!budget) {
      budget = new PollBudget(this.options.pollBudget);
      this.budgets.set(orgId, budget);
    }
    return budget;
  }

  /**
   * The active org and the user's login (for the journal). The login is looked up once per user and
   * remembered; `fresh` forces a lookup (reset-all compares it with the agent's confirmation).
   */
  async scope(userId: string, fresh = false): Promise<UserScope> {
    const active = this.ctx.connections.active();
    const key = `${active.org.id}\u0000${userId}`;
    if (!fresh && this.logins.has(key)) return { active, userId, userLogin: this.logins.get(key) ?? null };
    const user = await getUser(active.client, userId);
    this.logins.set(key, user.profile.login);
    return { active, userId, userLogin: user.profile.login };
  }

  /** Append one journal record about `scope`; resolves once it is on disk. */
  record(scope: UserScope, action: AuditAction, outcome: AuditOutcome, fields: ScopedFields = {}, error?: unknown): Promise<AuditRecord> {
    const entry: AuditEntry = {
      orgId: scope.active.org.id,
      orgUrl: scope.active.org.url,
      userId: scope.userId,
      userLogin: scope.userLogin,
      action,
      outcome,
      ...withoutUndefined(fields),
    };
    if (error instanceof FactorDeskError) {
      entry.errorCode = error.data.code;
      if (error.data.oktaErrorCode) entry.oktaErrorCode = error.data.oktaErrorCode;
      if (error.data.oktaErrorId) entry.oktaErrorId = error.data.oktaErrorId;
      entry.detail ??= error.data.message;
    }
    return this.journal.append(entry);
  }

  /**
   * Run an action against Okta and journal how it ended: `success` (or what `outcomeOf` says) with
   * the fields from `fieldsOf`, or `failure` with the error's codes. The journal is flushed before
   * this resolves or rethrows, so the agent never sees "done" for an unrecorded action.
   */
  async audited<T>(
    scope: UserScope,
    action: AuditAction,
    fields: ScopedFields,
    run: () => Promise<T>,
    after: (value: T) => { outcome?: AuditOutcome; fields?: ScopedFields } = () => ({}),
  ): Promise<{ value: T; audit: AuditRecord }> {
    let value: T;
    try {
      value = await run();
    } catch (error) {
      await this.record(scope, action, 'failure', fields, error);
      throw error;
    }
    const { outcome = 'success', fields: more = {} } = after(value);
    const audit = await this.record(scope, action, outcome, { ...fields, ...withoutUndefined(more) });
    return { value, audit };
  }

  async close(): Promise<void> {
    await this.watches.close();
    for (const budget of this.budgets.values()) {
      budget.dispose(new FactorDeskError({ code: 'CANCELLED', message: 'FactorDesk is closing.' }));
    }
    this.budgets.clear();
    await this.journal.close();
  }
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
