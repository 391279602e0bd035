// `npm run bench`: the push-approval benchmark, the sandbox scale benchmark, the first screen's size,
// then bulk jobs (FactorDesk's engine against Okta's Node SDK). Progress lines go to stderr; the last
// line on stdout is one JSON object: the push figures at top level (as the push benchmark has always
// printed them; `pushWholeBucket` and `pushOneAgent` the same measured with the token allowed the
// whole bucket and with one push at a time), the scale figures under `sandbox`, the first screen's JavaScript under `firstScreen`
// and the bulk figures under `bulk`.
import { runBulkBenchmark } from './bulk';
import { runFirstScreenBenchmark } from './first-screen';
import { runPushApprovalBenchmark } from './push-approval';
import { runSandboxScaleBenchmark } from './sandbox-scale';

const progress = (line: string): void => void process.stderr.write(`${line}\n`);

progress('push approval: 120 pushes, 6 open at once, approved by the simulated phone (token share 50 %)…');
const push = await runPushApprovalBenchmark(progress);
progress(`push approval: p95 ${push.approvalToEventMs.p95} ms from approval to event`);
// The same desk with the token's share raised to the whole bucket (Okta: Rate limits → token share),
// and one agent with one push open at the default share: what an agent on a call sees.
progress('push approval: the same with the token allowed the whole bucket…');
const pushWholeBucket = await runPushApprovalBenchmark(progress, { tokenSharePercent: 100 });
progress(`push approval (whole bucket): p95 ${pushWholeBucket.approvalToEventMs.p95} ms`);
progress('push approval: one agent, one push at a time, 30 pushes…');
const pushOneAgent = await runPushApprovalBenchmark(progress, { concurrency: 1, pushes: 30 });
progress(`push approval (one agent): p95 ${pushOneAgent.approvalToEventMs.p95} ms`);
progress('sandbox scale: starting a 100 000-user org and searching it…');
const sandbox = await runSandboxScaleBenchmark(progress);
progress(`sandbox scale: started in ${sandbox.startup100kUsersMs} ms, search p95 ${sandbox.searchMs.p95} ms`);
const firstScreen = await runFirstScreenBenchmark(progress);
progress(`first screen: ${firstScreen.gzipKb} kB of gzipped JavaScript (budget ${firstScreen.budgetKb} kB)`);
progress('bulk jobs: inventory and reset of 500 users, FactorDesk and the Okta Node SDK (a few minutes)…');
const bulk = await runBulkBenchmark(progress);
console.log(JSON.stringify({ ...push, pushWholeBucket, pushOneAgent, sandbox, firstScreen, bulk }));
