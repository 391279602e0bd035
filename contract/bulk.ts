// Bulk jobs: one operation for many users, paced to the org's rate limits, resumable.
//
// The flow: `dryRunBulkJob` resolves every input row (a CSV or pasted list of ids, logins, emails
// or phone numbers; a group; or the users matching an Okta search) and says what would change,
// before anything is sent; `bulkJobProgress` events report the resolution and, later, the run.
// `startBulkJob` runs it: destructive operations need a ticket, a reason and the typed confirmation
// `confirmationPhrase` ("reset 500"). `pauseBulkJob`, `resumeBulkJob` (also after a restart: the job
// says so) and `cancelBulkJob` steer it; `exportBulkJob` is the results CSV, one line per input row.
// Every changing row is journaled (the audit journal, with the job id) and its outcome is on disk in
// the job's own journal before the next row starts, so a crash never does a row twice or skips one.
import { z } from 'zod';
import { event, method } from './define';
import { bulkOperations, type BulkOperation } from './bulk-operations';
import { OKTA_ID_PATTERN } from './ids';

export { bulkOperations, bulkOperationInfo, confirmationPhrase, type BulkOperation, type BulkOperationInfo } from './bulk-operations';

export const BULK_JOB_ID_PATTERN = /^job-[a-z0-9]{9}-[a-f0-9]{8}$/;
export const maxBulkInputBytes = 4 * 1024 * 1024;
export const maxBulkRows = 50_000;

const jobId = z.string().regex(BULK_JOB_ID_PATTERN, 'Not a bulk job id');
const factorType = z.string().trim().regex(/^[a-z][a-z0-9:_-]{1,60}$/, 'Not an Okta factor type (like sms or token:software:totp)');

export const bulkInputSchema = z.discriminatedUnion('kind', [
  /** A CSV file's text or a pasted list: Okta user ids, logins, emails or phone numbers, one per line or in a column. */
  z.object({ kind: z.literal('text'), text: z.string().min(1, 'The list is empty').max(maxBulkInputBytes), fileName: z.string().max(200).optional() }).strict(),
  z.object({ kind: z.literal('group'), groupId: z.string().regex(OKTA_ID_PATTERN, 'Not an Okta group id') }).strict(),
  /** An Okta `search` expression, e.g. `profile.department eq "Sales" and status eq "ACTIVE"`. */
  z.object({ kind: z.literal('search'), search: z.string().trim().min(1).max(1000) }).strict(),
]);
export type BulkInput = z.input<typeof bulkInputSchema>;

export const bulkParamsSchema = z
  .object({
    /** reset_factor_types: which factor types to remove. */
    factorTypes: z.array(factorType).min(1).max(20).optional(),
    /** inventory: also read when each factor was last used from the System Log (slower: 120 requests a minute org-wide). */
    lastUsed: z.boolean().optional(),
    /** clear_sessions: also revoke the OIDC/OAuth tokens issued to the user. */
    oauthTokens: z.boolean().optional(),
    /** How phone numbers without a country code are read (ISO 3166 code). Default US. */
    phoneRegion: z.string().regex(/^[A-Z]{2}$/).optional(),
  })
  .strict();
export type BulkParams = z.infer<typeof bulkParamsSchema>;

/** How one input row resolved in the dry run. */
export type BulkRowResolution =
  | 'ready'
  | 'not_found'
  | 'ambiguous'
  | 'not_allowed'
  | 'nothing_to_do'
  | 'duplicate'
  | 'invalid'
  /** The row could not be checked (Okta did not answer): it is not run. */
  | 'error';

/** How one row ended. `not_run`: the job was cancelled (or is not finished) before it. */
export type BulkRowOutcome = 'success' | 'failed' | 'refused' | 'skipped' | 'unknown' | 'not_run';

export type BulkJobStatus = 'resolving' | 'ready' | 'running' | 'pausing' | 'paused' | 'interrupted' | 'cancelling' | 'cancelled' | 'done' | 'resolve_failed';

export interface BulkProgress {
  /** Rows with an outcome (of those the run acts on). */
  done: number;
  succeeded: number;
  failed: number;
  unknown: number;
  remaining: number;
  /** Rows per minute over the last stretch of the run; null before there is one. */
  rowsPerMinute: number | null;
  /** Okta requests per minute the job sends now, and the principal's ceiling for its busiest bucket. */
  requestsPerMinute: number | null;
  ceilingPerMinute: number | null;
  etaSeconds: number | null;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface BulkResolutionCounts {
  /** Rows resolved so far (the dry run's progress). */
  checked: number;
  ready: number;
  notFound: number;
  ambiguous: number;
  notAllowed: number;
  nothingToDo: number;
  duplicate: number;
  invalid: number;
  error: number;
  /** Ready rows whose user holds an admin role. */
  adminTargets: number;
}

export interface BulkJobView {
  id: string;
  orgId: string;
  orgName: string;
  operation: BulkOperation;
  operationLabel: string;
  params: BulkParams;
  /** "users.csv (500 rows)", "group Sales", "search: profile.department eq \"Sales\"". */
  inputDescription: string;
  status: BulkJobStatus;
  createdAt: string;
  agent: string;
  ticket: string | null;
  reason: string | null;
  rows: number;
  resolution: BulkResolutionCounts;
  /** The rows the run acts on (ready in the dry run), and the phrase that confirms it. */
  toAct: number;
  confirmationPhrase: string | null;
  /** What would change (dry run) by factor type: factors removed, or users inventoried per type. */
  changeByFactorType: Record<string, number>;
  /** Lines the agent should read: roles that cannot be checked, a resume after a restart, why a job stopped. */
  notices: string[];
  progress: BulkProgress;
  /** Set when another FactorDesk process (the headless command, another window) runs it now. */
  runningElsewhere: boolean;
}

export interface BulkRowView {
  row: number;
  input: string;
  resolution: BulkRowResolution;
  userId: string | null;
  login: string | null;
  name: string | null;
  adminRoles: string[];
  outcome: BulkRowOutcome;
  detail: string | null;
}

export interface BulkJobDetail {
  job: BulkJobView;
  /** Rows worth a look: not ready in the dry run, or not successful in the run (first 500). */
  attentionRows: BulkRowView[];
}

export interface BulkGroup {
  id: string;
  name: string;
  description: string | null;
  usersCount: number | null;
}

export interface BulkExport {
  fileName: string;
  mimeType: 'text/csv';
  content: string;
  count: number;
}

const ticket = z.string().trim().min(1, 'Enter the ticket reference').max(100);
const reason = z.string().trim().min(3, 'Say why, in a few words').max(500);

export const bulkMethods = {
  /** Groups whose name starts with `query` (for a job over a group's members). */
  findBulkGroups: method(z.object({ query: z.string().max(100) }).strict()).returns<BulkGroup[]>(),
  /** Start a dry run in the selected org: answers at once (status `resolving`); `bulkJobProgress` follows. */
  dryRunBulkJob: method(z.object({ input: bulkInputSchema, operation: z.enum(bulkOperations), params: bulkParamsSchema.default({}) }).strict()).returns<BulkJobView>(),
  listBulkJobs: method(z.object({}).strict()).returns<BulkJobView[]>(),
  getBulkJob: method(z.object({ jobId }).strict()).returns<BulkJobDetail>(),
  /**
   * Run a dry-run job. Destructive operations need `ticket`, `reason` and `confirmation` equal to the
   * job's `confirmationPhrase`. Errors: INVALID_INPUT (confirmation, ticket or reason missing or
   * wrong; the job is not ready to run), NOT_CONNECTED, POLICY_REFUSED (the desk's policy does not allow the job's org).
   */
  startBulkJob: method(z.object({ jobId, confirmation: z.string().max(100).optional(), ticket: ticket.optional(), reason: reason.optional() }).strict()).returns<BulkJobView>(),
  pauseBulkJob: method(z.object({ jobId }).strict()).returns<BulkJobView>(),
  /** Go on with a paused job, or one interrupted by a crash or a restart. */
  resumeBulkJob: method(z.object({ jobId }).strict()).returns<BulkJobView>(),
  /** Stop a dry run or a run: rows in flight finish, the rest are not run. */
  cancelBulkJob: method(z.object({ jobId }).strict()).returns<BulkJobView>(),
  exportBulkJob: method(z.object({ jobId }).strict()).returns<BulkExport>(),
} as const;

export const bulkEvents = {
  /** A job's state: sent to the windows that started or opened it, a few times a second at most. */
  bulkJobProgress: event<BulkJobView>(),
} as const;
