// `npm start`: build, then run FactorDesk in Electron; where Electron cannot start (no binary
// and no internet to fetch it, no display, ...), say so in one line and serve the same app to
// the browser from main/web instead.
// `npm run dev` (--dev): electron-vite's dev server with hot reload, in FactorDesk's development
// mode (FACTORDESK_DEV=1: DevTools, and the loopback dev server trusted). Needs Electron itself.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = join(root, 'node_modules', 'electron');
/** Electron fetches its binary on first launch; give a slow connection this long. */
const DOWNLOAD_TIMEOUT_MS = 5 * 60_000;
/** An Electron that is still running after this long has started (failures come within a second or two). */
const STARTUP_GRACE_MS = 8_000;

function build() {
  const result = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error('Building FactorDesk failed (see above).');
    process.exit(result.status ?? 1);
  }
}

/** The Electron executable, if it is on disk. */
function installedElectron() {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const path = join(process.env.ELECTRON_OVERRIDE_DIST_PATH, process.platform === 'win32' ? 'electron.exe' : 'electron');
    return existsSync(path) ? path : null;
  }
  try {
    const relative = readFileSync(join(electronDir, 'path.txt'), 'utf8').trim();
    const path = join(electronDir, 'dist', relative);
    return existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

/** Fetch the binary the way the electron package does; answer the path or why not. */
async function ensureElectron() {
  const found = installedElectron();
  if (found) return { path: found };
  if (!existsSync(join(electronDir, 'install.js'))) return { reason: 'the electron package is not installed' };
  const outcome = await new Promise((resolve) => {
    const child = spawn(process.execPath, [join(electronDir, 'install.js')], { cwd: root, stdio: 'ignore' });
    // Offline, the fetch fails within seconds; only a real download is worth a word.
    const note = setTimeout(() => console.log('Fetching the Electron binary (first launch only)…'), 3_000);
    const giveUp = setTimeout(() => {
      child.kill();
      resolve('timeout');
    }, DOWNLOAD_TIMEOUT_MS);
    const done = (result) => {
      clearTimeout(note);
      clearTimeout(giveUp);
      resolve(result);
    };
    child.on('error', () => done('error'));
    child.on('exit', (code) => done(code === 0 ? 'ok' : 'failed'));
  });
  const path = installedElectron();
  if (path) return { path };
  if (outcome === 'timeout') return { reason: 'no Electron binary, and fetching it timed out' };
  return { reason: 'no Electron binary and no internet to fetch it' };
}

/** Resolve 'running' once Electron has stayed up past the grace period, or why it stopped. */
function launchElectron(path) {
  return new Promise((resolve) => {
    const child = spawn(path, ['.'], { cwd: root, stdio: ['inherit', 'inherit', 'pipe'] });
    let startupErrors = '';
    let settled = false;
    const settle = (outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const timer = setTimeout(() => {
      process.stderr.write(startupErrors);
      settle({ running: child });
    }, STARTUP_GRACE_MS);
    child.stderr.on('data', (chunk) => {
      if (settled) process.stderr.write(chunk);
      else startupErrors += chunk;
    });
    child.on('error', (error) => settle({ reason: `Electron could not be run (${error.code ?? error.message})` }));
    child.on('exit', (code, signal) => {
      if (settled) return;
      if (code === 0) {
        settle({ exited: 0 });
        return;
      }
      if (process.env.FACTORDESK_DEBUG) process.stderr.write(startupErrors);
      const display = /display|x server|wayland|ozone/i.test(startupErrors) ? ', no display' : '';
      settle({ reason: `Electron exited at once (${signal ?? `code ${code}`}${display})` });
    });
  });
}

function serveInBrowser(reason) {
  console.log(`Electron could not start here (${reason}); serving FactorDesk in your browser instead.`);
  const web = spawn(process.execPath, [join(root, 'out', 'main', 'web.js')], { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => web.kill(signal));
  web.on('exit', (code) => process.exit(code ?? 0));
}

if (process.argv.includes('--dev')) {
  const electron = await ensureElectron();
  if (!electron.path) {
    console.error(`npm run dev needs Electron, which cannot run here (${electron.reason}). npm start serves FactorDesk in the browser instead.`);
    process.exit(1);
  }
  const dev = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'dev'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, FACTORDESK_DEV: '1' },
  });
  process.exit(dev.status ?? 1);
}

build();
if (process.env.FACTORDESK_NO_ELECTRON) {
  serveInBrowser('FACTORDESK_NO_ELECTRON is set');
} else {
  const electron = await ensureElectron();
  if (!electron.path) {
    serveInBrowser(electron.reason);
  } else {
    const outcome = await launchElectron(electron.path);
    if (outcome.reason) serveInBrowser(outcome.reason);
    else if (outcome.running) {
      for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => outcome.running.kill(signal));
      outcome.running.on('exit', (code) => process.exit(code ?? 0));
    } else process.exit(outcome.exited);
  }
}
