// Standalone browser shell: `node out/main/web.js` (npm start falls back to it when Electron cannot run).
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describeLifetime } from './access-pages';
import { startWebShell } from './server';

function dataDir(): string {
  if (process.env.FACTORDESK_DATA_DIR) return process.env.FACTORDESK_DATA_DIR;
  if (process.platform === 'win32' && process.env.APPDATA) return join(process.env.APPDATA, 'FactorDesk-web');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'FactorDesk-web');
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'FactorDesk-web');
}

const port = Number(process.env.FACTORDESK_PORT ?? 0);
const shell = await startWebShell({ dataDir: dataDir(), port: Number.isInteger(port) && port > 0 ? port : 0 });
const lifetime = describeLifetime(shell.launchKeyTtlMs);
console.log(`FactorDesk is running. Open this address in your browser (it works only on this computer):\n\n  ${shell.url}\n`);
console.log(`The address opens FactorDesk once, within ${lifetime}.`);
console.log('Press Enter here for a new address (another browser, or this one expired). Press Ctrl+C to stop.');

// terminal: false leaves Ctrl+C to the terminal (SIGINT) instead of readline.
const lines = createInterface({ input: process.stdin, terminal: false });
lines.on('line', () => console.log(`\nNew address (opens FactorDesk once, within ${lifetime}):\n\n  ${shell.newLaunchUrl()}\n`));

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  lines.close();
  void shell.close().finally(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
