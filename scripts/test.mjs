// `npm test`: lint, the Electron security scan, typecheck, build, then every test (core over HTTP
// against the sandbox org, the real keychain, and Chromium driving the browser shell).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

function run(label, command, args, options = {}) {
  console.log(`\n▶ ${label}`);
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) {
    console.error(`✖ ${label} failed`);
    process.exit(result.status ?? 1);
  }
}

const onPath = (name) => spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;

run('lint', 'npx', ['eslint', '.']);
run('Electron security scan (Electronegativity: no HIGH or MEDIUM finding)', 'npx', ['tsx', 'scripts/scan-electron.ts']);
run('typecheck', 'npx', ['vue-tsc', '--noEmit', '-p', 'tsconfig.json']);
run('typecheck (renderer)', 'npx', ['vue-tsc', '--noEmit', '-p', 'tsconfig.renderer.json']);
run('build', 'npx', ['electron-vite', 'build']);

// The JSON report gives the closing "N passed, N failed" line CI reads.
const reportFile = 'test-results/vitest-report.json';
const vitestArgs = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`, ...process.argv.slice(2)];

function runTests(label, command, args) {
  console.log(`\n▶ ${label}`);
  rmSync(reportFile, { force: true });
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (existsSync(reportFile)) {
    const report = JSON.parse(readFileSync(reportFile, 'utf8'));
    const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    console.log(`\ntests: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`);
  }
  if (result.status !== 0) {
    console.error(`✖ ${label} failed`);
    process.exit(result.status ?? 1);
  }
}

if (onPath('dbus-run-session') && onPath('gnome-keyring-daemon')) {
  runTests('tests (with a private Secret Service)', 'dbus-run-session', ['--', 'scripts/with-keyring.sh', 'npx', ...vitestArgs]);
} else {
  console.log('No dbus-run-session/gnome-keyring-daemon here: keychain tests will report the keychain as unavailable (apt-get install dbus gnome-keyring).');
  if (!existsSync('/usr/bin/chromium')) console.log('No /usr/bin/chromium: browser tests will say so (apt-get install chromium).');
  runTests('tests', 'npx', vitestArgs);
}
