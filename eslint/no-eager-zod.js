// @ts-check
// `factordesk/no-eager-zod`: nothing the linted module loads eagerly may load zod. zod (and every
// contract module that builds schemas with it) is hundreds of kB: it must not ride in the preload,
// which every window runs, or in the modules the renderer loads before its lazy chunks.
//
// From each import of the linted file, the rule follows static imports through the project's own
// files (.ts, .vue), as the bundler would. It does not follow `import type` / `export type` (erased)
// or dynamic `import()` (a lazy chunk), and does not look inside packages: a bare specifier is
// checked against the forbidden list and stops there. The report names the whole chain.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import ts from 'typescript';
import { parse as parseSfc } from 'vue/compiler-sfc';

const CANDIDATE_SUFFIXES = ['', '.ts', '.vue', '.js', '/index.ts'];

/** @param {string} path */
function isFile(path) {
  return existsSync(path) && statSync(path).isFile();
}

/**
 * The file a relative specifier names, or null when it is not one of ours (CSS, assets, a typo
 * the typecheck reports anyway).
 * @param {string} fromFile
 * @param {string} specifier
 */
function resolveRelative(fromFile, specifier) {
  const base = resolve(dirname(fromFile), specifier);
  for (const suffix of CANDIDATE_SUFFIXES) {
    const candidate = base + suffix;
    if (/\.(ts|vue|js)$/.test(candidate) && isFile(candidate)) return candidate;
  }
  return null;
}

/** @param {string} specifier */
function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/** @type {Map<string, { mtimeMs: number, specifiers: string[] }>} */
const importCache = new Map();

/**
 * The specifiers a file imports at load time: value imports and re-exports, side-effect imports.
 * @param {string} file
 * @returns {string[]}
 */
function loadTimeImports(file) {
  const mtimeMs = statSync(file).mtimeMs;
  const cached = importCache.get(file);
  if (cached && cached.mtimeMs === mtimeMs) return cached.specifiers;

  const text = readFileSync(file, 'utf8');
  const scripts = file.endsWith('.vue')
    ? (() => {
        const { descriptor } = parseSfc(text, { filename: file });
        return [descriptor.script?.content ?? '', descriptor.scriptSetup?.content ?? ''];
      })()
    : [text];
  /** @type {string[]} */
  const specifiers = [];
  for (const script of scripts) {
    const source = ts.createSourceFile(file, script, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
    for (const statement of source.statements) {
      if (ts.isImportDeclaration(statement) && !statement.importClause?.isTypeOnly && ts.isStringLiteral(statement.moduleSpecifier)) {
        specifiers.push(statement.moduleSpecifier.text);
      } else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
        specifiers.push(statement.moduleSpecifier.text);
      }
    }
  }
  importCache.set(file, { mtimeMs, specifiers });
  return specifiers;
}

/**
 * The chain from `specifier` (imported by `fromFile`) to a forbidden package, or null.
 * @param {string} fromFile
 * @param {string} specifier
 * @param {Set<string>} forbidden
 * @param {Set<string>} visited files already searched in this lint of the file
 * @returns {string[] | null}
 */
function chainToForbidden(fromFile, specifier, forbidden, visited) {
  if (!specifier.startsWith('.')) return forbidden.has(packageName(specifier)) ? [specifier] : null;
  const file = resolveRelative(fromFile, specifier);
  if (!file || visited.has(file)) return null;
  visited.add(file);
  for (const next of loadTimeImports(file)) {
    const rest = chainToForbidden(file, next, forbidden, visited);
    if (rest) return [file, ...rest];
  }
  return null;
}

/** @type {import('eslint').Rule.RuleModule} */
export const noEagerZod = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid loading zod (directly or through contract schemas) from the preload and the modules loaded before the lazy chunks' },
    schema: [
      {
        type: 'object',
        properties: { packages: { type: 'array', items: { type: 'string' } } },
        additionalProperties: false,
      },
    ],
    messages: {
      eager:
        '{{chain}}: this loads {{name}} before the lazy chunks (with the preload, the first screen or the user page). Import only zod-free modules here (contract/names, contract/bridge-builder, `import type`), or load the module lazily with import().',
    },
  },
  create(context) {
    const forbidden = new Set(context.options[0]?.packages ?? ['zod']);
    const filename = context.filename;
    const root = context.cwd;
    /** @type {Set<string>} */
    const visited = new Set([filename]);

    /** @param {import('estree').ImportDeclaration | import('estree').ExportNamedDeclaration | import('estree').ExportAllDeclaration} node */
    function check(node) {
      const kind = /** @type {{ importKind?: string, exportKind?: string }} */ (node);
      if (!node.source || kind.importKind === 'type' || kind.exportKind === 'type') return;
      const specifier = String(node.source.value);
      const chain = chainToForbidden(filename, specifier, forbidden, visited);
      if (!chain) return;
      const name = /** @type {string} */ (chain.at(-1));
      const shown = [filename, ...chain].map((step) => (isAbsolute(step) ? relative(root, step) : step)).join(' → ');
      context.report({ node, messageId: 'eager', data: { chain: shown, name: packageName(name) } });
    }

    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check };
  },
};
