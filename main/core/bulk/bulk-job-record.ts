import type { BulkJobStatus, BulkOperation, BulkParams, BulkRowOutcome, BulkRowResolution, FactorSummary } from '../../../contract';
import type { InputKind } from './bulk-input';

/** A factor as the dry run saw it (reset jobs remove these; the read-back after a crash compares with them). */
export interface PlannedFactor {
  id: string;
  factorType: string;
  provider: string;
  status: string;
}

/** One input row after the dry run. */
export interface RowPlan {
  row: number;
  input: string;
  kind: InputKind;
  resolution: BulkRowResolution;
  userId?: string;
  login?: string;
  name?: string;
  userStatus?: string;
  adminRoles?: string[];
  factors?: PlannedFactor[];
  /** Of `factors`, those the run removes (reset jobs), or the pending push it re-sends (enrollment email). */
  targetFactorIds?: string[];
  /** Why the row is not ready, in words. */
  detail?: string;
}

/** Who the job runs as (the token's user and admin roles), when Okta lets the principal read them. */
export interface JobPrincipal {
  login: string | null;
  roles: string[] | null;
  superAdmin: boolean;
}

/** `job.json`: the job as a whole (small; rewritten atomically on every change of state). */
export interface JobRecord {
  version: 1;
  id: string;
  orgId: string;
  orgName: string;
  orgUrl: string;
  operation: BulkOperation;
  params: BulkParams;
  inputDescription: string;
  createdAt: string;
  agent: string;
  status: BulkJobStatus;
  ticket: string | null;
  reason: string | null;
  rows: number;
  startedAt: string | null;
  finishedAt: string | null;
  principal: JobPrincipal | null;
  notices: string[];
}

/** An inventory row's factor (the results CSV columns). */
export type InventoriedFactor = Pick<FactorSummary, 'id' | 'factorType' | 'provider' | 'status' | 'label' | 'deviceName' | 'platform' | 'platformVersion' | 'created' | 'lastUpdated'> & {
  lastUsed?: string | null;
};

/** A line of the job's own journal (`rows.jsonl`), each fsynced before the next row starts. */
export type JobJournalLine =
  /** Written before a changing row's request goes to Okta. */
  | { type: 'attempt'; row: number; time: string; userId: string }
  | {
      type: 'outcome';
      row: number;
      time: string;
      outcome: Exclude<BulkRowOutcome, 'not_run'>;
      detail?: string;
      errorCode?: string;
      oktaErrorCode?: string;
      oktaErrorId?: string;
      auditId?: string;
      /** Settled after a restart by reading the state back (or the audit journal), not by a new request. */
      settledAfterRestart?: boolean;
      factors?: InventoriedFactor[];
    }
  /** Inventory with last-used: the System Log's latest use of each factor (ISO), by factor id. */
  | { type: 'last_used'; row: number; time: string; byFactor: Record<string, string | null> }
  | { type: 'event'; time: string; what: 'started' | 'paused' | 'resumed' | 'cancelled' | 'interrupted' | 'done'; detail?: string };

export type OutcomeLine = Extract<JobJournalLine, { type: 'outcome' }>;
