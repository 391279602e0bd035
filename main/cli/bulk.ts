// `npm run bulk -- <operation> --org <name> --input users.csv [--dry-run] [--ticket T] [--reason R] [--out results.csv]`:
// a bulk job from a terminal or a scheduler, with the org's saved credentials and the same engine
// as the app. Exit codes: 0 every row succeeded; 1 the job ran and some rows did not succeed (or the
// dry run found rows that would not); 2 usage; 3 not run (org, credentials, ticket, reason,
// confirmation, the dry run failed); 4 stopped before the end (Ctrl+C, SIGTERM, cancelled): resume it.
import { readFile, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import type { BulkInput, BulkJobView, BulkOperation, BulkParams } from '../../contract';
import { bulkOperationInfo, bulkOperations } from '../../contract/bulk';
import { FactorDeskError } from '../../contract/errors';
import { JobStore } from '../core/bulk/job-store';
import { createOutput, type BulkOutput } from './bulk-output';
import { defaultDataDir, openHeadlessSession, type HeadlessSession } from './bulk-session';

export const USAGE = `Usage:
  npm run bulk -- <operation> --org <name|id> (--input users.csv | --group <group id> | --search <expression>) [options]
  npm run bulk -- resume <job id> [--org <name|id>] [--out results.csv]

Operations: ${bulkOperations.map((operation) => operation.replaceAll('_', '-')).join(', ')}
Options:
  --dry-run             resolve every row and say what would change; change nothing
  --ticket T --reason R required for operations that change users
  --confirm "reset 500" the confirmation when there is no terminal to type it in (must match the dry run)
  --types sms,call      reset-factor-types: which factor types
  --last-used           inventory: also read each factor's last use from the System Log (slower)
  --oauth-tokens        clear-sessions: also revoke the user's OAuth tokens
  --phone-region US     how phone numbers without a country code are read
  --out results.csv     write the results (one line per input row)
  --data-dir DIR        FactorDesk's data folder (default: the desktop app's, or FACTORDESK_DATA_DIR)
Exit codes: 0 every row succeeded, 1 some rows did not, 2 usage, 3 not run, 4 stopped before the end (resume it).`;

export const exitCodes = { allSucceeded: 0, someRowsDidNot: 1, usage: 2, notRun: 3, stopped: 4 } as const;

class UsageError extends Error {}

function operationOf(name: string | undefined): BulkOperation {
  const normalised = (name ?? '').replaceAll('-', '_');
  const aliases: Record<string, BulkOperation> = { reset_all: 'reset_all_factors', reset_types: 'reset_factor_types', send_enrollment: 'send_enrollment_email' };
  const operation = (bulkOperations as readonly string[]).includes(normalised) ? (normalised as BulkOperation) : aliases[normalised];
  if (!operation) throw new UsageError(`Unknown operation "${name ?? ''}".`);
  return operation;
}

function summaryText(view: BulkJobView): string {
  const r = view.resolution;
  const parts = [`${r.ready} ready`, r.notFound && `${r.notFound} not found`, r.ambiguous && `${r.ambiguous} ambiguous`, r.notAllowed && `${r.notAllowed} not allowed`, r.nothingToDo && `${r.nothingToDo} nothing to do`, r.duplicate && `${r.duplicate} duplicate`, r.invalid && `${r.invalid} invalid`, r.error && `${r.error} could not be checked`].filter(Boolean);
  const change = Object.entries(view.changeByFactorType).map(([type, count]) => `${type} ${count}`).join(', ');
  const admins = r.adminTargets ? `; ${r.adminTargets} admin target(s)` : '';
  return `Dry run of ${view.operationLabel.toLowerCase()} on ${view.inputDescription} in ${view.orgName}: ${parts.join(', ')}${admins}${change ? `; would change ${change}` : ''}.`;
}

/** Exit code for a job's final state (see USAGE). */
export function exitCodeOf(view: BulkJobView): number {
  if (view.status !== 'done') return exitCodes.stopped;
  const everyRowReady = view.resolution.ready === view.rows;
  const everyRowSucceeded = view.progress.succeeded === view.progress.done && view.progress.remaining === 0;
  return everyRowReady && everyRowSucceeded ? exitCodes.allSucceeded : exitCodes.someRowsDidNot;
}

async function confirm(view: BulkJobView, given: string | undefined, tty: boolean): Promise<boolean> {
  const phrase = view.confirmationPhrase as string;
  if (given !== undefined) return given.trim() === phrase;
  if (!tty) return false;
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await prompt.question(`Type "${phrase}" to run ${view.operationLabel.toLowerCase()} on ${view.toAct} users: `)).trim() === phrase;
  } finally {
    prompt.close();
  }
}

async function writeResults(session: HeadlessSession, jobId: string, out: string | undefined, output: BulkOutput): Promise<void> {
  if (!out) return;
  const results = await session.jobs.exportResults(jobId);
  await writeFile(out, results.content, { mode: 0o600 });
  output.event('results', { path: out, rows: results.count }, `Results: ${out} (${results.count} rows).`);
}

const parseCommandLine = (args: string[]) =>
  parseArgs({
    args,
    allowPositionals: true,
    options: {
      org: { type: 'string' },
      input: { type: 'string' },
      group: { type: 'string' },
      search: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      ticket: { type: 'string' },
      reason: { type: 'string' },
      confirm: { type: 'string' },
      types: { type: 'string' },
      'last-used': { type: 'boolean', default: false },
      'oauth-tokens': { type: 'boolean', default: false },
      'phone-region': { type: 'string' },
      out: { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });

/**
 * Run the command. `testing` is for in-process tests only (a policy file, keychain or client of
 * their own); the command line never sets it, so `npm run bulk` always reads the machine's policy.
 */
export async function main(
  argv: string[],
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; tty: boolean } = { stdout: process.stdout, stderr: process.stderr, tty: Boolean(process.stderr.isTTY && process.stdin.isTTY) },
  testing: Pick<Parameters<typeof openHeadlessSession>[0], 'policyPath' | 'keychain' | 'createClient'> = {},
): Promise<number> {
  const output = createOutput(io);
  let values: ReturnType<typeof parseCommandLine>['values'];
  let positionals: string[];
  let session: HeadlessSession | undefined;
  let jobId: string | undefined;
  let stopping = false;
  const onSignal = (signal: string): void => {
    if (stopping || !session || !jobId) process.exit(exitCodes.stopped);
    stopping = true;
    output.event('stopping', { signal, jobId }, `${signal}: finishing the rows in flight, then stopping. Resume with: npm run bulk -- resume ${jobId}`);
    void session.jobs.pause(jobId).catch(() => undefined);
  };
  try {
    try {
      ({ values, positionals } = parseCommandLine(argv));
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    if (values.help) {
      io.stderr.write(`${USAGE}\n`);
      return exitCodes.allSucceeded;
    }
    const dataDir = values['data-dir'] ?? defaultDataDir();
    const resuming = positionals[0] === 'resume';
    let orgName = values.org;
    if (resuming) {
      jobId = positionals[1];
      if (!jobId) throw new UsageError('Give the job id to resume.');
      orgName ??= (await new JobStore(dataDir).readJob(jobId).catch(() => undefined))?.orgId;
      if (!orgName) throw new UsageError(`There is no job ${jobId} in ${dataDir}.`);
    }
    if (!orgName) throw new UsageError('Give the org: --org <name or id>.');
    const operation = resuming ? undefined : operationOf(positionals[0]);
    let input: BulkInput | undefined;
    if (!resuming) {
      const sources = [values.input, values.group, values.search].filter((value) => value !== undefined);
      if (sources.length !== 1) throw new UsageError('Give exactly one of --input, --group or --search.');
      if (values.input !== undefined) {
        let text: string;
        try {
          text = values.input === '-' ? await readStdin() : await readFile(values.input, 'utf8');
        } catch (error) {
          throw new UsageError(`Cannot read ${values.input}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
        }
        input = { kind: 'text', text, fileName: values.input === '-' ? 'standard input' : (values.input.split(/[\\/]/).pop() ?? values.input) };
      } else if (values.group !== undefined) input = { kind: 'group', groupId: values.group };
      else input = { kind: 'search', search: values.search as string };
    }
    const params: BulkParams = {
      ...(values.types ? { factorTypes: values.types.split(',').map((type) => type.trim()).filter(Boolean) } : {}),
      ...(values['last-used'] ? { lastUsed: true } : {}),
      ...(values['oauth-tokens'] ? { oauthTokens: true } : {}),
      ...(values['phone-region'] ? { phoneRegion: values['phone-region'].toUpperCase() } : {}),
    };

    session = await openHeadlessSession({ ...testing, dataDir, org: orgName, onChange: (view) => output.progress(view) });
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);

    let view: BulkJobView;
    if (resuming) {
      view = await session.jobs.resume(jobId as string);
      output.event('resumed', { jobId, notices: view.notices }, `Resumed ${jobId}. ${view.notices.at(-1) ?? ''}`);
    } else {
      view = await session.jobs.dryRun(input as BulkInput, operation as BulkOperation, params);
      jobId = view.id;
      view = await session.jobs.settled(jobId);
      output.finish();
      if (view.status !== 'ready') {
        output.event('dry_run_failed', { jobId, status: view.status, notices: view.notices }, `The dry run did not finish: ${view.notices.join(' ')}`);
        return view.status === 'cancelled' ? exitCodes.stopped : exitCodes.notRun;
      }
      const detail = await session.jobs.detail(jobId);
      output.event('dry_run', { jobId, rows: view.rows, resolution: view.resolution, changeByFactorType: view.changeByFactorType, confirmationPhrase: view.confirmationPhrase, notices: view.notices, attentionRows: detail.attentionRows }, summaryText(view));
      if (values['dry-run']) {
        await writeResults(session, jobId, values.out, output);
        return view.resolution.ready === view.rows ? exitCodes.allSucceeded : exitCodes.someRowsDidNot;
      }
      const destructive = bulkOperationInfo[view.operation].destructive;
      if (destructive && (!values.ticket || !values.reason)) {
        output.event('refused', { jobId, why: 'ticket_and_reason' }, 'Not run: a job that changes users needs --ticket and --reason.');
        return exitCodes.notRun;
      }
      if (destructive && !(await confirm(view, values.confirm, io.tty))) {
        output.event('refused', { jobId, why: 'confirmation', expected: view.confirmationPhrase }, `Not run: the confirmation must be "${view.confirmationPhrase}" (pass --confirm "${view.confirmationPhrase}" when there is no terminal).`);
        return exitCodes.notRun;
      }
      view = await session.jobs.start(jobId, destructive ? { confirmation: view.confirmationPhrase as string, ticket: values.ticket, reason: values.reason } : {});
      output.event('started', { jobId, toAct: view.toAct }, `Running ${jobId} on ${view.toAct} users (Ctrl+C stops after the rows in flight).`);
    }
    view = await session.jobs.settled(jobId as string);
    output.finish();
    await writeResults(session, jobId as string, values.out, output);
    const code = exitCodeOf(view);
    const p = view.progress;
    output.event(
      'finished',
      { jobId, status: view.status, exitCode: code, rows: view.rows, ...p, notices: view.notices },
      `${view.status === 'done' ? 'Done' : `Stopped (${view.status})`}: ${p.succeeded} succeeded, ${p.failed} failed, ${p.unknown} unknown, ${p.remaining} not run.${code === exitCodes.stopped ? ` Resume with: npm run bulk -- resume ${jobId}` : ''}`,
    );
    return code;
  } catch (error) {
    output.finish();
    if (error instanceof UsageError) {
      output.event('usage', { message: error.message }, `${error.message}\n\n${USAGE}`);
      return exitCodes.usage;
    }
    const data = error instanceof FactorDeskError ? error.data : { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
    output.event('error', { code: data.code, message: data.message, action: 'action' in data ? data.action : undefined }, `${data.message}${'action' in data && data.action ? ` ${data.action}` : ''}`);
    return exitCodes.notRun;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await session?.close();
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
