import type { BulkOperation, BulkParams } from '../../../contract';
import { FactorDeskError } from '../../../contract/errors';
import { inBulkLane, type OktaClient, type OktaUser } from '../okta';
import type { InputRow } from './bulk-input';
import type { JobPrincipal, RowPlan } from './bulk-job-record';
import { planForUser, resolveRow, type ResolveContext } from './resolve-row';
import { retryingRateLimits, runPool } from './worker-pool';

export interface DryRunOptions {
  client: OktaClient;
  operation: BulkOperation;
  params: BulkParams;
  principal: JobPrincipal | null;
  workers: number;
  signal: AbortSignal;
  /** After every row: how many are resolved. */
  onRow(checked: number): void;
}

export interface DryRunResult {
  plans: RowPlan[];
  /** False when this principal may not read admin roles (admin targets could not be checked). */
  rolesReadable: boolean | null;
}

/**
 * Resolve every row in the bulk lane (paced, nothing changed): the same text twice is one lookup,
 * and a user named by two rows is done once (the later row is a duplicate).
 */
export async function dryRun(options: DryRunOptions, rows: readonly InputRow[], given: ReadonlyMap<number, OktaUser>): Promise<DryRunResult> {
  const context: ResolveContext = { client: options.client, operation: options.operation, params: options.params, principal: options.principal, roles: { readable: null }, signal: options.signal };
  const plans = new Map<number, RowPlan>();
  const firstOfText = new Map<string, number>();
  const unique: InputRow[] = [];
  for (const row of rows) {
    const key = `${row.kind}:${row.input.toLowerCase()}`;
    const first = row.kind === 'invalid' ? undefined : firstOfText.get(key);
    if (first !== undefined) plans.set(row.row, { row: row.row, input: row.input, kind: row.kind, resolution: 'duplicate', detail: `Same as row ${first}.` });
    else {
      firstOfText.set(key, row.row);
      unique.push(row);
    }
  }
  let checked = plans.size;
  options.onRow(checked);
  await inBulkLane(() =>
    runPool(
      unique,
      options.workers,
      async (row) => {
        const user = given.get(row.row);
        const base: RowPlan = { row: row.row, input: row.input, kind: row.kind, resolution: 'ready' };
        let plan: RowPlan;
        try {
          plan = await retryingRateLimits(() => (user ? planForUser(context, base, user) : resolveRow(context, row)), options.signal);
        } catch (error) {
          if (options.signal.aborted) return;
          plan = { ...base, resolution: 'error', detail: error instanceof FactorDeskError ? error.data.message : String(error) };
        }
        plans.set(row.row, plan);
        options.onRow(++checked);
      },
      () => !options.signal.aborted,
    ),
  );
  if (options.signal.aborted) throw new FactorDeskError({ code: 'CANCELLED', message: 'The dry run was cancelled.' });

  const ordered = rows.map((row) => plans.get(row.row) as RowPlan);
  const firstOfUser = new Map<string, number>();
  for (const plan of ordered) {
    if (!plan.userId || plan.resolution === 'duplicate') continue;
    const first = firstOfUser.get(plan.userId);
    if (first === undefined) firstOfUser.set(plan.userId, plan.row);
    else Object.assign(plan, { resolution: 'duplicate', detail: `Same user as row ${first}.` });
  }
  return { plans: ordered, rolesReadable: context.roles.readable };
}
