import { expect } from 'vitest';
import { at, isObject, keysAt } from './json-path';
import { describeResponse, type OrgResponse } from './org-http';
import type { SeedExchange } from './seed-exchanges';

/**
 * A deliberate departure from a seed exchange, always with the reason: the seeds are 2015 design
 * documents, and where Okta's published reference (management-minimal.yaml, factors.md,
 * authn.md) now says otherwise, the published reference wins.
 */
export type SeedOverride = {
  status?: { value: number; because: string };
  /** Dotted paths in the seed body not to require, each with why. */
  ignore?: Record<string, string>;
};

/**
 * The sandbox's answer has the seed's status and shape: every top-level field, link relation and
 * embedded resource the seed shows, the same `status` / `factorResult` / `next` link name, and
 * none of the fields whose absence the seed makes a point of (`stateToken` after SUCCESS).
 */
export function expectLikeSeed(seed: SeedExchange, actual: OrgResponse, override: SeedOverride = {}): void {
  const context = `seed ${seed.method} ${seed.path} vs sandbox ${describeResponse(actual)}`;
  expect(actual.status, context).toBe(override.status?.value ?? seed.status);
  const expected = seed.responseBody;
  if (!isObject(expected)) return;
  const ignored = Object.keys(override.ignore ?? {});
  for (const path of ['', '_links', '_embedded', '_embedded.user.profile']) {
    const missing = keysAt(expected, path)
      .map((key) => (path === '' ? key : `${path}.${key}`))
      .filter((full) => !ignored.includes(full) && at(actual.body, full) === undefined);
    expect(missing, `fields the seed shows, missing: ${context}`).toEqual([]);
  }
  for (const value of ['status', 'factorResult', '_links.next.name']) {
    if (at(expected, value) !== undefined) expect(at(actual.body, value), `${value}: ${context}`).toBe(at(expected, value));
  }
  for (const absent of ['stateToken', 'factorResult', '_links']) {
    if (at(expected, absent) === undefined && !ignored.includes(absent)) {
      expect(at(actual.body, absent), `the seed has no ${absent} here: ${context}`).toBeUndefined();
    }
  }
}

/** A path with ids replaced by placeholders, to compare a seed's path with a sandbox link. */
export function pathShape(path: string, ids: Record<string, string>): string {
  let shape = path.replace(/^https?:\/\/[^/]+/, '').replace(/\?.*$/, '');
  for (const [name, id] of Object.entries(ids)) shape = shape.split(id).join(`{${name}}`);
  return shape.replace(/\{\{(\w+)\}\}/g, '{$1}');
}
