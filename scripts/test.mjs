// `npm test`: lint, typecheck, build, then every test (core over HTTP against the sandbox org,
// the real keychain, and Chromium driving the browser shell).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

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
run('typecheck', 'npx', ['vue-tsc', '--noEmit', '-p', 'tsconfig.json']);
run('typecheck (renderer)', 'npx', ['vue-tsc', '--noEmit', '-p', 'tsconfig.renderer.json']);
run('build', 'npx', ['electron-vite', 'build']);

const vitestArgs = ['vitest', 'run', ...process.argv.slice(2)];
if (onPath('dbus-run-session') && onPath('gnome-keyring-daemon')) {
  run('tests (with a private Secret Service)', 'dbus-run-session', ['--', 'scripts/with-keyring.sh', 'npx', ...vitestArgs]);
} else {
  console.log('No dbus-run-session/gnome-keyring-daemon here: keychain tests will report the keychain as unavailable (apt-get install dbus gnome-keyring).');
  if (!existsSync('/usr/bin/chromium')) console.log('No /usr/bin/chromium: browser tests will say so (apt-get install chromium).');
  run('tests', 'npx', vitestArgs);
}
