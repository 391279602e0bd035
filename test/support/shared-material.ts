import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// The reference material lives next to the repository (../shared), not in it: a clone made
// elsewhere has none, and the suites that read it skip with a message saying so.
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** ../shared, or FACTORDESK_SHARED_DIR when the tests run from a copy of the repository (mutation testing). */
const sharedDir = process.env.FACTORDESK_SHARED_DIR ?? resolve(repoRoot, '../shared');

export const oktaReferenceDir = resolve(sharedDir, 'okta-reference');
export const seedsDir = resolve(sharedDir, 'seeds');

/**
 * Whether `path` (a folder or file of the shared material) exists; when it does not, prints one
 * plain line naming what is skipped and why, so a skipped test is never mistaken for a passing one.
 */
export function sharedMaterialPresent(path: string, skipped: string): boolean {
  if (existsSync(path)) return true;
  console.warn(
    `SKIPPED ${skipped}: ${path} is missing (it sits next to the repository as ../shared in the ` +
      'FactorDesk workplace). Put the shared reference material there to run these tests.',
  );
  return false;
}
