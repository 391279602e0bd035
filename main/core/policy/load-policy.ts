import { readFileSync, statSync } from 'node:fs';
import type { z } from 'zod';
import { fieldName } from '../bridge/dispatch';
import { createManagedPolicy, type ManagedPolicy } from './managed-policy';
import { policyFileKeys, policyFileSchema } from './policy-file';

/** Far beyond any real policy; a file this big is not one. */
const MAX_POLICY_BYTES = 256 * 1024;

/** Why the policy file cannot be used: FactorDesk then does nothing until IT fixes it. */
export interface InvalidPolicy {
  path: string;
  /** Each problem as "<field>: <problem>" (or what is wrong with the file as a whole). */
  problems: string[];
  /** The sentence the blocking screen shows. */
  message: string;
}

export type PolicyLoad = { ok: true; policy: ManagedPolicy } | { ok: false; invalid: InvalidPolicy };

/**
 * Read the desk's policy: the first of `paths` that exists. No file means today's defaults. A file
 * that cannot be read or is not a valid policy fails safe: the caller must refuse to run, not fall
 * back to defaults the desk's IT team meant to override.
 */
export function loadManagedPolicy(paths: readonly [string, ...string[]]): PolicyLoad {
  for (const path of paths) {
    const read = readPolicyText(path);
    if (read === 'missing') continue;
    if (typeof read !== 'string') return invalid(path, [read.problem]);
    const parsed = parseJson(read);
    if ('problem' in parsed) return invalid(path, [parsed.problem]);
    const checked = policyFileSchema.safeParse(parsed.value);
    if (!checked.success) return invalid(path, checked.error.issues.flatMap((issue) => describeIssue(issue, parsed.value)));
    return { ok: true, policy: createManagedPolicy(checked.data, path) };
  }
  return { ok: true, policy: createManagedPolicy(null, paths[0]) };
}

function invalid(path: string, problems: string[]): PolicyLoad {
  const shown = problems.slice(0, 8);
  const more = problems.length > shown.length ? `; and ${problems.length - shown.length} more` : '';
  const message = `Your organization's FactorDesk policy at ${path} is invalid: ${shown.join('; ')}${more}. Ask your IT team.`;
  return { ok: false, invalid: { path, problems, message } };
}

function readPolicyText(path: string): string | 'missing' | { problem: string } {
  let bytes: Buffer;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) return { problem: 'the file: is not a file' };
    if (stat.size > MAX_POLICY_BYTES) return { problem: `the file: is ${stat.size} bytes, more than a policy can be (${MAX_POLICY_BYTES})` };
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'missing';
    const why = code === 'EACCES' || code === 'EPERM' ? 'FactorDesk may not read it (it must be readable by every user)' : `it could not be read (${code ?? 'unknown error'})`;
    return { problem: `the file: ${why}` };
  }
  try {
    // Windows editors (Notepad) start UTF-8 files with a byte order mark; it is not part of the JSON.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { problem: 'the file: is not UTF-8 text' };
  }
}

function parseJson(text: string): { value: unknown } | { problem: string } {
  if (!text.trim()) return { problem: 'the file: is empty; write a JSON object, like { "allowSandbox": false }' };
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return { problem: `the file: is not valid JSON (${jsonErrorWords(error, text)})` };
  }
}

/** The parser's reason without the copy of the text it may quote, with the line and column. */
function jsonErrorWords(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const reason = message
    .replace(/,\s*(\.\.\.)?".*" is not valid JSON$/s, '')
    .replace(/\s*in JSON at position \d+.*$/s, '')
    .replace(/\s*at position \d+.*$/s, '')
    .replace(/\n/g, '\\n')
    .slice(0, 160);
  const position = /at position (\d+)/.exec(message)?.[1];
  if (position === undefined) return reason;
  const before = text.slice(0, Number(position));
  const line = before.split('\n').length;
  const column = Number(position) - before.lastIndexOf('\n');
  return `${reason} at line ${line}, column ${column}`;
}

// ---------------------------------------------------------------- zod issues in the desk's words

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function shown(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/** "<field>: <problem>" for one zod issue (an unknown key may give several). */
function describeIssue(issue: z.core.$ZodIssue, data: unknown): string[] {
  const field = issue.path.length > 0 ? fieldName(issue.path) : '';
  if (issue.code === 'unrecognized_keys') {
    const known = policyFileKeys[field] ?? [];
    return issue.keys.map((key) => {
      const guess = closest(key, known);
      const hint = guess ? `did you mean "${guess}"?` : `the settings here are ${known.join(', ')}`;
      return `${field ? `${field}.` : ''}${key}: is not a FactorDesk policy setting (${hint})`;
    });
  }
  // A custom issue (an org address) already says what it found; a list too short or long is no news.
  const value = valueAt(data, issue.path);
  const found = issue.code === 'custom' || (Array.isArray(value) && issue.code !== 'invalid_type') ? '' : ` (found ${shown(value)})`;
  return [`${field || 'the file'}: ${issue.message}${found}`];
}

/** The known key a misspelling most likely meant, if any is close enough. */
function closest(key: string, known: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(key.toLowerCase(), name.toLowerCase());
    if (distance <= Math.max(2, Math.floor(name.length / 4)) && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
