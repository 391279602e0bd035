import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** The browser shell serves the built renderer; a stale or missing build is the first thing to rule out. */
export function assertRendererBuilt(): void {
  const index = resolve(import.meta.dirname, '../../../out/renderer/index.html');
  if (!existsSync(index)) {
    throw new Error(`${index} is missing: run "npx electron-vite build" first (npm test builds before testing).`);
  }
}
