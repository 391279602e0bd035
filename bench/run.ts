// `npm run bench`: the push-approval benchmark, the sandbox scale benchmark, the first screen's size,
// then bulk jobs (FactorDesk's engine against Okta's Node SDK). Progress lines go to stderr; the last
// line on stdout is one JSON object: the push figures at top level (as the push benchmark has always
// printed them), the scale figures under `sandbox`, the first screen's JavaScript under `firstScreen`
// and the bulk figures under `bulk`.
import { runBulkBenchmark } from './bulk';
import { runFirstScreenBenchmark } from './first-screen';
import { runPushApprovalBenchmark } from './push-approval';
import { runSandboxScaleBenchmark } from './sandbox-scale';

const progress = (line: string): void => void process.stderr.write(`${line}\n`);

progress('push approval: 120 pushes approved by the simulated phone…');
const push = await runPushApprovalBenchmark(progress);
progress(`push approval: p95 ${push.approvalToEventMs.p95} ms from approval to event`);
progress('sandbox scale: starting a 100 000-user org and searching it…');
const sandbox = await runSandboxScaleBenchmark(progress);
progress(`sandbox scale: started in ${sandbox.startup100kUsersMs} ms, search p95 ${sandbox.searchMs.p95} ms`);
const firstScreen = await runFirstScreenBenchmark(progress);
progress(`first screen: ${firstScreen.gzipKb} kB of gzipped JavaScript (budget ${firstScreen.budgetKb} kB)`);
progress('bulk jobs: inventory and reset of 500 users, FactorDesk and the Okta Node SDK (a few minutes)…');
const bulk = await runBulkBenchmark(progress);
console.log(JSON.stringify({ ...push, sandbox, firstScreen, bulk }));
