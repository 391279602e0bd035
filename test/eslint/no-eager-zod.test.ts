// The lint rule that keeps zod out of the preload, the first screen and the user page: it passes on
// the real tree, and fails when an eager import chain reaches zod (through the contract, a .vue
// file, a re-export), but not for `import type` or a lazy `import()`.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ESLint, RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, describe, expect, it } from 'vitest';
import { noEagerZod } from '../../eslint/no-eager-zod.js';

const root = resolve(import.meta.dirname, '../..');
const ENTRIES = ['preload/index.ts', 'renderer/src/main.ts', 'renderer/src/user/UserPage.vue'];

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;
const ruleTester = new RuleTester({ languageOptions: { parser: tseslint.parser, sourceType: 'module' } });

/** A throwaway project: files by path relative to its root. */
const fixtures = mkdtempSync(join(tmpdir(), 'factordesk-lint-'));
function fixture(files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(fixtures, path)), { recursive: true });
    writeFileSync(join(fixtures, path), text);
  }
}
fixture({
  'schemas.ts': "import { z } from 'zod';\nexport const id = z.string();\n",
  'middle.ts': "export { id } from './schemas';\n",
  'names.ts': "import type { id } from './schemas';\nexport type Id = typeof id;\nexport const names = ['a'];\n",
  'Panel.vue': "<script setup lang=\"ts\">\nimport { id } from './schemas';\nvoid id;\n</script>\n<template><div /></template>\n",
  'reexports.ts': "export * from './middle';\n",
});
afterAll(() => rmSync(fixtures, { recursive: true, force: true }));
const entry = join(fixtures, 'entry.ts');

ruleTester.run('no-eager-zod', noEagerZod, {
  valid: [
    { name: 'a type-only import is erased', filename: entry, code: "import type { Id } from './names';\nimport type { id } from './schemas';" },
    { name: 'a zod-free module', filename: entry, code: "import { names } from './names';" },
    { name: 'a lazy chunk', filename: entry, code: "export const later = () => import('./schemas');" },
    { name: 'a type-only re-export', filename: entry, code: "export type { id } from './schemas';" },
    { name: 'the preload as it is', filename: resolve(root, 'preload/index.ts'), code: "import { buildBridge } from '../contract/bridge-builder';\nimport { EVENT_CHANNEL } from '../contract/names';" },
  ],
  invalid: [
    { name: 'zod itself', filename: entry, code: "import { z } from 'zod';", errors: [{ messageId: 'eager' }] },
    { name: 'zod/mini is zod too', filename: entry, code: "import { z } from 'zod/mini';", errors: [{ messageId: 'eager' }] },
    { name: 'through a re-export', filename: entry, code: "import { id } from './middle';", errors: [{ messageId: 'eager' }] },
    { name: 'through export *', filename: entry, code: "export * from './reexports';", errors: [{ messageId: 'eager' }] },
    { name: 'through a .vue file', filename: entry, code: "import Panel from './Panel.vue';", errors: [{ messageId: 'eager' }] },
    { name: 'a side-effect import', filename: entry, code: "import './schemas';", errors: [{ messageId: 'eager' }] },
    {
      name: 'the preload importing the contract index',
      filename: resolve(root, 'preload/index.ts'),
      code: "import { methodNames } from '../contract';",
      errors: [{ message: /^preload\/index\.ts → contract\/index\.ts → contract\/\w+\.ts → zod: / }],
    },
    {
      name: 'the first screen reaching the workflow validation (contract/workflows)',
      filename: resolve(root, 'renderer/src/main.ts'),
      code: "import EnrollCode from './workflows/EnrollCode.vue';",
      errors: [{ message: /^renderer\/src\/main\.ts → renderer\/src\/workflows\/EnrollCode\.vue → .*contract\/workflows\.ts → zod: / }],
    },
  ],
});

describe('the project lint config', () => {
  it('runs the rule on the preload, the renderer entry and the user page, and they pass', async () => {
    const eslint = new ESLint({ cwd: root });
    for (const file of ENTRIES) {
      const config = (await eslint.calculateConfigForFile(file)) as { rules?: Record<string, unknown> };
      expect(config.rules?.['factordesk/no-eager-zod'], file).toEqual([2, { packages: ['zod'] }]);
    }
    const results = await eslint.lintFiles(ENTRIES);
    expect(results.flatMap((result) => result.messages.filter((message) => message.ruleId === 'factordesk/no-eager-zod'))).toEqual([]);
  });
});
