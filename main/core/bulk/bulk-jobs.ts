import { bulkOperationInfo, confirmationPhrase } from '../../../contract/bulk';
import type {
  BulkExport,
  BulkInput,
  BulkJobDetail,
  BulkJobStatus,
  BulkJobView,
  BulkOperation,
  BulkParams,
  BulkResolutionCounts,
  BulkRowOutcome,
  BulkRowView,
} from '../../../contract';
import { FactorDeskError } from '../../../contract/errors';
import { ActionJournal, readJournal, type AuditJournal, type AuditRecord } from '../audit';
import type { ActiveOrg } from '../feature-context';
import { inBulkLane, type OktaUser } from '../okta';
import { getGroup, groupMembers, searchAllUsers } from '../okta/resources';
import { parseInputText, type InputRow } from './bulk-input';
import type { JobJournalLine, JobRecord, OutcomeLine, RowPlan } from './bulk-job-record';
import { dryRun } from './dry-run';
import { newJobId, JobStore } from './job-store';
import { lastUsedByFactor } from './last-used';
import { describePrincipal } from './principal';
import { resultsCsv, type ResultLine } from './results-csv';
import { bulkReference, changeRow, inventoryRow, readBackRow, type RowResult } from './row-operations';
import { RateMeter } from './rate-meter';
import { retryingRateLimits, runPool } from './worker-pool';

export interface BulkJobsDeps {
  dataDir: string;
  agent: string;
  now(): Date;
  auditJournal: Pick<AuditJournal, 'append'>;
  /**
   * A session with an org: the selected one (no id) or a saved one. Credentials stay inside its
   * client, whatever kind of connection made it (API token today, OAuth next): the engine never sees them.
   */
  orgSession(orgId?: string): Promise<ActiveOrg>;
  /** Told of a job's new state (a few times a second at most while it runs). */
  onChange?(view: BulkJobView): void;
  log?(message: string, error?: unknown): void;
  /** Rows in progress at once (default 8); the client's bulk lane caps the requests in flight. */
  rowWorkers?: number;
}

type StopReason = 'pause' | 'cancel' | 'close';

/** A job this process has touched: its files' content, kept current while it resolves or runs. */
interface LiveJob {
  job: JobRecord;
  plans: RowPlan[] | undefined;
  checked: number;
  outcomes: Map<number, OutcomeLine>;
  lastUsed: Map<number, Record<string, string | null>>;
  /** Rows whose attempt is written and whose outcome is not (in flight, or interrupted by a crash). */
  attempts: Map<number, string>;
  controller: AbortController | undefined;
  activity: Promise<void> | undefined;
  stop: StopReason | undefined;
  org: ActiveOrg | undefined;
  meter: RateMeter;
  lastEmit: number;
  emitTimer: NodeJS.Timeout | undefined;
}

const activeStatuses: ReadonlySet<BulkJobStatus> = new Set(['resolving', 'running', 'pausing', 'cancelling']);
const maxAttentionRows = 500;
const emitEveryMs = 250;

function invalid(message: string, action: string): FactorDeskError {
  return new FactorDeskError({ code: 'INVALID_INPUT', message, action });
}

/**
 * Bulk jobs, for the app and the headless command alike: dry run, run, pause, resume (also after a
 * crash), cancel, results. Every changing row writes its attempt to the job's journal, runs through
 * the ActionJournal (attempt and outcome in the audit journal, with the job id), then writes its
 * outcome to the job's journal, fsynced before that worker takes its next row.
 */
export class BulkJobs {
  private readonly store: JobStore;
  private readonly live = new Map<string, LiveJob>();
  private readonly journal: ActionJournal;
  private closed = false;

  constructor(private readonly deps: BulkJobsDeps) {
    this.store = new JobStore(deps.dataDir);
    // Every bulk action names its org itself (`ActionRequest.org`): the selected org is never assumed.
    this.journal = new ActionJournal({
      journal: deps.auditJournal,
      connections: {
        active: () => {
          throw new Error('A bulk action without its org.');
        },
      },
    });
  }

  // ------------------------------------------------------------------ dry run

  async dryRun(input: BulkInput, operation: BulkOperation, params: BulkParams, orgId?: string): Promise<BulkJobView> {
    this.assertOpen();
    if (operation === 'reset_factor_types' && !params.factorTypes?.length) throw invalid('Choose the factor types to reset.', 'Pick one or more types, like sms or call.');
    const org = await this.deps.orgSession(orgId);
    const rows = input.kind === 'text' ? parseInputText(input.text) : undefined;
    const now = this.deps.now();
    let inputDescription: string;
    if (input.kind === 'text') inputDescription = `${input.fileName ?? 'pasted list'} (${rows?.length ?? 0} rows)`;
    else if (input.kind === 'group') inputDescription = `group "${(await getGroup(org.client, input.groupId)).profile.name}"`;
    else inputDescription = `search: ${input.search}`;
    const job: JobRecord = {
      version: 1,
      id: newJobId(now),
      orgId: org.org.id,
      orgName: org.org.name,
      orgUrl: org.org.url,
      operation,
      params,
      inputDescription,
      createdAt: now.toISOString(),
      agent: this.deps.agent,
      status: 'resolving',
      ticket: null,
      reason: null,
      rows: rows?.length ?? 0,
      startedAt: null,
      finishedAt: null,
      principal: null,
      notices: [],
    };
    await this.store.saveJob(job);
    const live = this.track(job, undefined, []);
    live.org = org;
    live.controller = new AbortController();
    live.activity = this.resolve(live, input, rows).finally(() => {
      live.activity = undefined;
      live.controller = undefined;
    });
    return this.view(live);
  }

  private async resolve(live: LiveJob, input: BulkInput, parsed: InputRow[] | undefined): Promise<void> {
    const { job } = live;
    const org = live.org as ActiveOrg;
    const signal = (live.controller as AbortController).signal;
    try {
      const given = new Map<number, OktaUser>();
      let rows = parsed;
      if (!rows) {
        rows = [];
        const pages = input.kind === 'group' ? groupMembers(org.client, input.groupId, signal) : searchAllUsers(org.client, (input as { search: string }).search, signal);
        await inBulkLane(async () => {
          for await (const users of pages) {
            for (const user of users) {
              const row: InputRow = { row: (rows as InputRow[]).length + 1, input: user.profile.login, kind: 'login' };
              (rows as InputRow[]).push(row);
              given.set(row.row, user);
            }
            job.rows = (rows as InputRow[]).length;
            this.changed(live);
          }
        });
        if (rows.length === 0) throw invalid(input.kind === 'group' ? 'The group has no members you can see.' : 'No user matches the search.', 'Choose another group or search.');
      }
      const destructive = bulkOperationInfo[job.operation].destructive;
      job.principal = destructive ? await inBulkLane(() => describePrincipal(org.client)) : null;
      const result = await dryRun(
        {
          client: org.client,
          operation: job.operation,
          params: job.params,
          principal: job.principal,
          workers: this.deps.rowWorkers ?? 8,
          signal,
          onRow: (checked) => {
            live.checked = checked;
            this.changed(live);
          },
        },
        rows,
        given,
      );
      live.plans = result.plans;
      if (destructive && result.rolesReadable === false) {
        job.notices.push("Your role cannot read other users' admin roles, so admin targets could not be found before the run: Okta will refuse any row your role may not change, and the results will say so.");
      }
      await this.store.savePlans(job.id, result.plans);
      job.status = 'ready';
    } catch (error) {
      job.status = signal.aborted ? 'cancelled' : 'resolve_failed';
      if (!signal.aborted) job.notices.push(`The dry run stopped: ${error instanceof FactorDeskError ? error.data.message : String(error)}`);
      else job.finishedAt = this.deps.now().toISOString();
    }
    await this.saveQuietly(job);
    this.changed(live, true);
  }

  // ------------------------------------------------------------------ run

  async start(jobId: string, confirmation: { confirmation?: string | undefined; ticket?: string | undefined; reason?: string | undefined }): Promise<BulkJobView> {
    this.assertOpen();
    const live = await this.load(jobId);
    const { job } = live;
    if (job.status !== 'ready' || !live.plans) throw invalid(`This job is ${job.status.replace('_', ' ')}, not ready to run.`, job.status === 'resolving' ? 'Wait for the dry run to finish.' : 'Start a new dry run.');
    const toAct = this.toAct(live);
    const refused = live.plans.filter((plan) => plan.resolution === 'not_allowed').length;
    if (toAct === 0 && refused === 0) throw invalid('No row of this job has anything to do.', 'Check the dry run: every row is not found, ambiguous or has nothing to change.');
    if (bulkOperationInfo[job.operation].destructive) {
      const ticket = confirmation.ticket?.trim() ?? '';
      const reason = confirmation.reason?.trim() ?? '';
      if (!ticket) throw invalid('A ticket reference is required for a job that changes users.', 'Enter the ticket this job belongs to.');
      if (reason.length < 3) throw invalid('A reason is required for a job that changes users.', 'Say why, in a few words (it is journaled with every row).');
      const phrase = confirmationPhrase(job.operation, toAct);
      if (confirmation.confirmation?.trim() !== phrase) throw invalid(`The confirmation does not match: type "${phrase}" to run this job on ${toAct} users.`, `Type ${phrase} exactly.`);
      job.ticket = ticket;
      job.reason = reason;
    }
    // The job's org, before the lock or any request: an org the desk's policy refuses is refused here.
    live.org ??= await this.deps.orgSession(job.orgId);
    await this.takeLock(job);
    job.status = 'running';
    job.startedAt = this.deps.now().toISOString();
    await this.store.saveJob(job);
    await this.store.append(job.id, { type: 'event', time: job.startedAt, what: 'started' });
    this.launch(live);
    return this.view(live);
  }

  async resume(jobId: string): Promise<BulkJobView> {
    this.assertOpen();
    const live = await this.load(jobId);
    const { job } = live;
    const status = await this.statusOf(live);
    if (status === 'running' || status === 'pausing') return this.view(live);
    if (status !== 'paused' && status !== 'interrupted') throw invalid(`This job is ${status.replace('_', ' ')}; only a paused or interrupted job can be resumed.`, 'Start a new dry run.');
    if (!live.plans || job.status === 'resolving') {
      job.status = 'resolve_failed';
      job.notices.push('The dry run was interrupted before it finished; nothing was changed.');
      await this.store.saveJob(job);
      throw invalid('The dry run of this job was interrupted before it finished.', 'Start a new dry run.');
    }
    live.org ??= await this.deps.orgSession(job.orgId);
    await this.takeLock(job);
    const interrupted = status === 'interrupted';
    job.status = 'running';
    await this.store.saveJob(job);
    await this.store.append(job.id, { type: 'event', time: this.deps.now().toISOString(), what: 'resumed', ...(interrupted ? { detail: 'after an interruption' } : {}) });
    this.launch(live, interrupted);
    return this.view(live);
  }

  async pause(jobId: string): Promise<BulkJobView> {
    const live = await this.load(jobId);
    if (live.job.status === 'resolving') throw invalid('A dry run cannot be paused.', 'Cancel it, or let it finish.');
    if (live.job.status !== 'running') return this.view(live);
    live.stop = 'pause';
    live.job.status = 'pausing';
    this.changed(live, true);
    await live.activity;
    return this.view(live);
  }

  async cancel(jobId: string): Promise<BulkJobView> {
    const live = await this.load(jobId);
    const { job } = live;
    if (job.status === 'resolving' && live.controller) {
      live.controller.abort();
      await live.activity;
      return this.view(live);
    }
    if (job.status === 'running' || job.status === 'pausing') {
      live.stop = 'cancel';
      job.status = 'cancelling';
      this.changed(live, true);
      await live.activity;
      return this.view(live);
    }
    const status = await this.statusOf(live);
    if (status === 'ready' || status === 'paused' || status === 'interrupted') {
      if (await this.store.heldElsewhere(job.id)) throw invalid('Another FactorDesk process is running this job.', 'Stop it there.');
      job.status = 'cancelled';
      job.finishedAt = this.deps.now().toISOString();
      await this.store.saveJob(job);
      await this.store.append(job.id, { type: 'event', time: job.finishedAt, what: 'cancelled' });
      this.changed(live, true);
    }
    return this.view(live);
  }

  /** Resolves when the job is not resolving or running in this process (the headless command waits on it). */
  async settled(jobId: string): Promise<BulkJobView> {
    const live = await this.load(jobId);
    while (live.activity) await live.activity;
    return this.view(live);
  }

  private launch(live: LiveJob, afterInterruption = false): void {
    live.stop = undefined;
    live.meter = new RateMeter(this.deps.now);
    live.activity = this.run(live, afterInterruption)
      .catch((error: unknown) => this.deps.log?.('A bulk job stopped unexpectedly', error))
      .finally(() => {
        live.activity = undefined;
      });
    this.changed(live, true);
  }

  private async run(live: LiveJob, afterInterruption: boolean): Promise<void> {
    const { job } = live;
    const plans = live.plans as RowPlan[];
    let stopNotice: string | undefined;
    try {
      const org = live.org ?? (await this.deps.orgSession(job.orgId));
      live.org = org;
      const rerun = new Map<number, RowPlan>();
      if (live.attempts.size > 0) await this.settleInterrupted(live, org, rerun, afterInterruption);
      const destructive = bulkOperationInfo[job.operation].destructive;
      const queue = plans
        .filter((plan) => plan.resolution === 'ready' || (destructive && plan.resolution === 'not_allowed'))
        .filter((plan) => !live.outcomes.has(plan.row))
        .map((plan) => rerun.get(plan.row) ?? plan);
      live.meter.start(live.outcomes.size, org.client.bulkRequestsSent());
      await runPool(queue, this.deps.rowWorkers ?? 8, (plan) => this.runRow(live, org, plan), () => live.stop === undefined);
      if (!live.stop && job.operation === 'inventory' && job.params.lastUsed) await this.readLastUsed(live, org);
    } catch (error) {
      stopNotice = `The job stopped: ${error instanceof FactorDeskError ? error.data.message : String(error)}`;
      this.deps.log?.('A bulk job stopped', error);
    }
    const now = this.deps.now().toISOString();
    const stop = stopNotice ? 'pause' : live.stop;
    job.status = stop === 'pause' ? 'paused' : stop === 'cancel' ? 'cancelled' : stop === 'close' ? 'interrupted' : 'done';
    if (stopNotice) job.notices.push(stopNotice);
    if (job.status === 'done' || job.status === 'cancelled') job.finishedAt = now;
    await this.saveQuietly(job);
    const what = job.status === 'paused' ? 'paused' : job.status === 'cancelled' ? 'cancelled' : job.status === 'interrupted' ? 'interrupted' : 'done';
    await this.store.append(job.id, { type: 'event', time: now, what }).catch(() => undefined);
    await this.store.unlock(job.id).catch(() => undefined);
    this.changed(live, true);
  }

  private async runRow(live: LiveJob, org: ActiveOrg, plan: RowPlan): Promise<void> {
    const { job } = live;
    let result: RowResult;
    if (job.operation === 'inventory') {
      result = await inBulkLane(() => retryingRateLimits(() => inventoryRow(org.client, plan))).catch((error: unknown) => ({
        outcome: 'failed' as const,
        detail: error instanceof FactorDeskError ? error.data.message : String(error),
        errorCode: error instanceof FactorDeskError ? error.data.code : 'INTERNAL',
        ...(error instanceof FactorDeskError && error.data.oktaErrorId ? { oktaErrorId: error.data.oktaErrorId } : {}),
      }));
    } else {
      if (plan.resolution === 'ready') {
        const time = this.deps.now().toISOString();
        await this.store.append(job.id, { type: 'attempt', row: plan.row, time, userId: plan.userId as string });
        live.attempts.set(plan.row, time);
      }
      result = await inBulkLane(() => retryingRateLimits(() => changeRow({ org, job, journal: this.journal }, plan, job.params)));
    }
    await this.writeOutcome(live, plan.row, result);
  }

  private async writeOutcome(live: LiveJob, row: number, result: RowResult & { settledAfterRestart?: boolean }): Promise<void> {
    const line: OutcomeLine = { type: 'outcome', row, time: this.deps.now().toISOString(), ...result };
    try {
      await this.store.append(live.job.id, line);
    } catch (error) {
      // The row's result cannot be kept: stop taking rows (this one reads back on resume).
      live.stop ??= 'pause';
      throw error;
    }
    live.outcomes.set(row, line);
    live.attempts.delete(row);
    live.meter.rowDone(live.org?.client.bulkRequestsSent() ?? 0);
    this.changed(live);
  }

  /**
   * Rows whose attempt was written but whose outcome was not: FactorDesk stopped while they were
   * in flight. The audit journal may have their outcome; if it has only the attempt, the state is
   * read back: done is recorded as done (nothing sent again), not done runs again, unknown stays unknown.
   */
  private async settleInterrupted(live: LiveJob, org: ActiveOrg, rerun: Map<number, RowPlan>, afterInterruption: boolean): Promise<void> {
    const { job } = live;
    const audit = (await readJournal(this.deps.dataDir)).records.filter((record) => record.bulkJob?.jobId === job.id);
    const plansByRow = new Map((live.plans ?? []).map((plan) => [plan.row, plan]));
    const tally = { fromJournal: 0, done: 0, notDone: 0, unknown: 0 };
    for (const [row, attemptTime] of [...live.attempts]) {
      const plan = plansByRow.get(row);
      if (!plan) continue;
      const forRow = audit.filter((record) => record.bulkJob?.row === row && Date.parse(record.time) >= Date.parse(attemptTime) - 1_000);
      const outcome = forRow.find((record) => record.outcome !== 'attempt');
      if (outcome) {
        tally.fromJournal += 1;
        await this.writeOutcome(live, row, { ...fromAuditRecord(outcome), settledAfterRestart: true });
        continue;
      }
      const attempt = forRow.find((record) => record.outcome === 'attempt');
      if (!attempt) {
        // The audit attempt was never written, so the request never went out: run the row again.
        live.attempts.delete(row);
        continue;
      }
      const readBack = await inBulkLane(() => readBackRow(org.client, job.operation, plan, attempt.time));
      const settle = (outcome: AuditRecord['outcome'], detail: string, stage?: AuditRecord['stage']) =>
        this.deps.auditJournal.append({
          orgId: attempt.orgId,
          orgUrl: attempt.orgUrl,
          userId: attempt.userId,
          userLogin: attempt.userLogin,
          action: attempt.action,
          outcome,
          attemptId: attempt.id,
          bulkJob: bulkReference(job, row),
          detail,
          ...(stage ? { stage } : {}),
          ...(attempt.factorId ? { factorId: attempt.factorId } : {}),
          ...(attempt.factorType ? { factorType: attempt.factorType } : {}),
        });
      if (readBack.state === 'done') {
        tally.done += 1;
        const record = await settle('success', readBack.detail);
        await this.writeOutcome(live, row, { outcome: 'success', detail: readBack.detail, auditId: record.id, settledAfterRestart: true });
      } else if (readBack.state === 'unknown') {
        tally.unknown += 1;
        const record = await settle('unknown', readBack.detail);
        await this.writeOutcome(live, row, { outcome: 'unknown', detail: readBack.detail, errorCode: 'OUTCOME_UNKNOWN', auditId: record.id, settledAfterRestart: true });
      } else {
        tally.notDone += 1;
        await settle('failure', 'not carried out: FactorDesk stopped before Okta acted (read back after the restart); the row runs again', 'before_okta');
        live.attempts.delete(row);
        if (readBack.remainingFactorIds) rerun.set(row, { ...plan, targetFactorIds: readBack.remainingFactorIds });
      }
    }
    const settled = tally.fromJournal + tally.done + tally.notDone + tally.unknown;
    if (settled > 0 || afterInterruption) {
      const done = live.outcomes.size;
      const parts = [
        tally.fromJournal ? `${tally.fromJournal} taken from the audit journal` : '',
        tally.done ? `${tally.done} read back as done (not sent again)` : '',
        tally.notDone ? `${tally.notDone} read back as not done (run again)` : '',
        tally.unknown ? `${tally.unknown} could not be told (marked unknown)` : '',
      ].filter(Boolean);
      job.notices.push(
        `Resumed after an interruption at ${this.deps.now().toISOString()}: ${done} of ${this.actable(live)} rows were already done${settled ? `; of the ${settled} in flight when it stopped, ${parts.join(', ')}` : ''}. No row is done twice.`,
      );
      await this.saveQuietly(job);
    }
  }

  private async readLastUsed(live: LiveJob, org: ActiveOrg): Promise<void> {
    const rows = [...live.outcomes.values()].filter((line) => line.outcome === 'success' && line.factors && !live.lastUsed.has(line.row));
    const userOf = new Map((live.plans ?? []).map((plan) => [plan.row, plan.userId as string]));
    const byFactor = await inBulkLane(() => lastUsedByFactor(org.client, rows.map((line) => userOf.get(line.row) as string), this.deps.now()));
    for (const line of rows) {
      const used: Record<string, string | null> = {};
      for (const factor of line.factors ?? []) used[factor.id] = byFactor.get(factor.id) ?? null;
      await this.store.append(live.job.id, { type: 'last_used', row: line.row, time: this.deps.now().toISOString(), byFactor: used });
      live.lastUsed.set(line.row, used);
    }
  }

  // ------------------------------------------------------------------ reading

  async list(): Promise<BulkJobView[]> {
    const ids = (await this.store.listIds()).slice(-30).reverse();
    const views: BulkJobView[] = [];
    for (const id of ids) {
      try {
        views.push(await this.view(await this.load(id)));
      } catch (error) {
        this.deps.log?.(`Bulk job ${id} could not be read`, error);
      }
    }
    return views;
  }

  async detail(jobId: string): Promise<BulkJobDetail> {
    const live = await this.load(jobId, true);
    const attentionRows: BulkRowView[] = [];
    for (const plan of live.plans ?? []) {
      const outcome = this.outcomeOf(live, plan);
      if (plan.resolution === 'ready' && (outcome === 'success' || outcome === 'not_run')) continue;
      attentionRows.push({
        row: plan.row,
        input: plan.input,
        resolution: plan.resolution,
        userId: plan.userId ?? null,
        login: plan.login ?? null,
        name: plan.name ?? null,
        adminRoles: plan.adminRoles ?? [],
        outcome,
        detail: live.outcomes.get(plan.row)?.detail ?? plan.detail ?? null,
      });
      if (attentionRows.length >= maxAttentionRows) break;
    }
    return { job: await this.view(live), attentionRows };
  }

  async exportResults(jobId: string): Promise<BulkExport> {
    const live = await this.load(jobId, true);
    if (!live.plans) throw invalid('This job has no results yet.', 'Wait for the dry run to finish.');
    const lines: ResultLine[] = live.plans.map((plan) => ({ plan, outcome: this.outcomeOf(live, plan), line: live.outcomes.get(plan.row), lastUsed: live.lastUsed.get(plan.row) }));
    const stamp = this.deps.now().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    return { fileName: `factordesk-bulk-${live.job.operation.replaceAll('_', '-')}-${live.job.id}-${stamp}.csv`, mimeType: 'text/csv', content: resultsCsv(lines, live.job.operation === 'inventory'), count: lines.length };
  }

  /** Pause what runs here (it reads as interrupted next time, and resumes from where it was). */
  async close(): Promise<void> {
    this.closed = true;
    const running = [...this.live.values()].filter((live) => live.activity);
    for (const live of running) {
      if (live.controller) live.controller.abort();
      else live.stop ??= 'close';
    }
    await Promise.allSettled(running.map((live) => live.activity));
    for (const live of this.live.values()) if (live.emitTimer) clearTimeout(live.emitTimer);
    await this.store.close();
  }

  // ------------------------------------------------------------------ state

  private assertOpen(): void {
    if (this.closed) throw new FactorDeskError({ code: 'CANCELLED', message: 'FactorDesk is closing.' });
  }

  private track(job: JobRecord, plans: RowPlan[] | undefined, lines: JobJournalLine[]): LiveJob {
    const live: LiveJob = {
      job,
      plans,
      checked: plans?.length ?? 0,
      outcomes: new Map(),
      lastUsed: new Map(),
      attempts: new Map(),
      controller: undefined,
      activity: undefined,
      stop: undefined,
      org: undefined,
      meter: new RateMeter(this.deps.now),
      lastEmit: 0,
      emitTimer: undefined,
    };
    for (const line of lines) {
      if (line.type === 'attempt') live.attempts.set(line.row, line.time);
      else if (line.type === 'outcome') {
        live.outcomes.set(line.row, line);
        live.attempts.delete(line.row);
      } else if (line.type === 'last_used') live.lastUsed.set(line.row, line.byFactor);
    }
    this.live.set(job.id, live);
    return live;
  }

  /** The job as this process knows it; `fresh` re-reads the files of a job another process runs. */
  private async load(jobId: string, fresh = false): Promise<LiveJob> {
    const known = this.live.get(jobId);
    if (known && (known.activity || !fresh || !(await this.store.heldElsewhere(jobId)))) return known;
    const job = await this.store.readJob(jobId);
    if (!job) throw new FactorDeskError({ code: 'NOT_FOUND', message: 'There is no such bulk job.', action: 'Reload the list of jobs.' });
    return this.track(job, await this.store.readPlans(jobId), await this.store.readJournal(jobId));
  }

  private async takeLock(job: JobRecord): Promise<void> {
    const lock = await this.store.lock(job.id);
    if (!lock.held) throw invalid(`Another FactorDesk process (pid ${lock.owner.pid}) is running this job.`, 'Let it finish, or stop it there first.');
  }

  /** A job that says it is active but is not active here or in another live process was interrupted (a crash, a quit). */
  private async statusOf(live: LiveJob): Promise<BulkJobStatus> {
    if (live.activity || !activeStatuses.has(live.job.status)) return live.job.status;
    return (await this.store.heldElsewhere(live.job.id)) ? live.job.status : 'interrupted';
  }

  private actable(live: LiveJob): number {
    const destructive = bulkOperationInfo[live.job.operation].destructive;
    return (live.plans ?? []).filter((plan) => plan.resolution === 'ready' || (destructive && plan.resolution === 'not_allowed')).length;
  }

  private toAct(live: LiveJob): number {
    return (live.plans ?? []).filter((plan) => plan.resolution === 'ready').length;
  }

  private outcomeOf(live: LiveJob, plan: RowPlan): BulkRowOutcome {
    const line = live.outcomes.get(plan.row);
    if (line) return line.outcome;
    if (plan.resolution === 'ready' || (plan.resolution === 'not_allowed' && bulkOperationInfo[live.job.operation].destructive)) return 'not_run';
    return 'skipped';
  }

  private async view(live: LiveJob): Promise<BulkJobView> {
    const { job } = live;
    const status = await this.statusOf(live);
    const plans = live.plans ?? [];
    const counts: BulkResolutionCounts = { checked: live.plans ? plans.length : live.checked, ready: 0, notFound: 0, ambiguous: 0, notAllowed: 0, nothingToDo: 0, duplicate: 0, invalid: 0, error: 0, adminTargets: 0 };
    const key = { ready: 'ready', not_found: 'notFound', ambiguous: 'ambiguous', not_allowed: 'notAllowed', nothing_to_do: 'nothingToDo', duplicate: 'duplicate', invalid: 'invalid', error: 'error' } as const;
    const change: Record<string, number> = {};
    for (const plan of plans) {
      counts[key[plan.resolution]] += 1;
      if (plan.resolution !== 'ready') continue;
      if (plan.adminRoles?.length) counts.adminTargets += 1;
      if (job.operation === 'send_enrollment_email') change.push = (change.push ?? 0) + 1;
      for (const factor of plan.factors ?? []) {
        if (plan.targetFactorIds?.includes(factor.id) && job.operation !== 'send_enrollment_email') change[factor.factorType] = (change[factor.factorType] ?? 0) + 1;
      }
    }
    if (job.operation === 'inventory') {
      for (const line of live.outcomes.values()) for (const type of new Set((line.factors ?? []).map((factor) => factor.factorType))) change[type] = (change[type] ?? 0) + 1;
    }
    const toAct = this.toAct(live);
    const actable = this.actable(live);
    let succeeded = 0;
    let failed = 0;
    let unknown = 0;
    for (const line of live.outcomes.values()) {
      if (line.outcome === 'success') succeeded += 1;
      else if (line.outcome === 'unknown') unknown += 1;
      else failed += 1;
    }
    const done = live.outcomes.size;
    const rates = live.meter.rates();
    const ceiling = live.org?.client.bulkWindow('api')?.limit ?? null;
    const remaining = Math.max(0, actable - done);
    return {
      id: job.id,
      orgId: job.orgId,
      orgName: job.orgName,
      operation: job.operation,
      operationLabel: bulkOperationInfo[job.operation].label,
      params: job.params,
      inputDescription: job.inputDescription,
      status,
      createdAt: job.createdAt,
      agent: job.agent,
      ticket: job.ticket,
      reason: job.reason,
      rows: live.plans ? plans.length : job.rows,
      resolution: counts,
      toAct,
      confirmationPhrase: confirmationPhrase(job.operation, toAct),
      changeByFactorType: change,
      notices: [...job.notices],
      progress: {
        done,
        succeeded,
        failed,
        unknown,
        remaining,
        rowsPerMinute: rates.rowsPerMinute,
        requestsPerMinute: rates.requestsPerMinute,
        ceilingPerMinute: status === 'running' ? ceiling : null,
        etaSeconds: rates.rowsPerMinute && status === 'running' ? Math.round((remaining / rates.rowsPerMinute) * 60) : null,
        startedAt: job.startedAt,
        finishedAt: job.finishedAt,
      },
      runningElsewhere: !live.activity && activeStatuses.has(job.status) && (await this.store.heldElsewhere(job.id)) !== undefined,
    };
  }

  /** Tell listeners, at most every 250 ms while a job runs (at once on a change of state). */
  private changed(live: LiveJob, now = false): void {
    const onChange = this.deps.onChange;
    if (!onChange) return;
    const emit = (): void => {
      live.emitTimer = undefined;
      live.lastEmit = Date.now();
      this.view(live).then(onChange, (error: unknown) => this.deps.log?.('A bulk job view failed', error));
    };
    if (now) {
      if (live.emitTimer) clearTimeout(live.emitTimer);
      emit();
      return;
    }
    if (live.emitTimer) return;
    live.emitTimer = setTimeout(emit, Math.max(0, emitEveryMs - (Date.now() - live.lastEmit)));
  }

  private async saveQuietly(job: JobRecord): Promise<void> {
    await this.store.saveJob(job).catch((error: unknown) => this.deps.log?.('A bulk job could not be saved', error));
  }
}

/** A row's outcome as the audit journal recorded it (a crash came after it and before the job's own journal line). */
function fromAuditRecord(record: AuditRecord): RowResult {
  const outcome = record.outcome === 'success' ? 'success' : record.outcome === 'unknown' ? 'unknown' : record.stage === 'refused' ? 'refused' : 'failed';
  return {
    outcome,
    auditId: record.id,
    ...(record.detail ? { detail: record.detail } : {}),
    ...(record.errorCode ? { errorCode: record.errorCode } : {}),
    ...(record.oktaErrorCode ? { oktaErrorCode: record.oktaErrorCode } : {}),
    ...(record.oktaErrorId ? { oktaErrorId: record.oktaErrorId } : {}),
  };
}
