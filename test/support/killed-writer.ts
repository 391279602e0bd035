import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * Runs a writer script (through tsx) with `args`, hands every line it prints to `onLine`, and
 * SIGKILLs it the first time `onLine` answers true: a crash in the middle of writing. Throws when
 * the writer ended any other way, with what it printed to stderr.
 */
export async function runWriterUntilKilled(script: string, args: string[], onLine: (line: string) => boolean): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  let killed = false;
  for await (const line of createInterface({ input: child.stdout })) {
    // Lines printed before the kill landed keep coming after it; each still counts.
    if (onLine(line) && !killed) {
      killed = true;
      child.kill('SIGKILL');
    }
  }
  const signal = await exited;
  if (signal !== 'SIGKILL') throw new Error(`The writer ${script} ended without being killed (signal ${signal}): ${stderr}`);
}
