// A core connected to a sandbox org (Identity Engine), with helpers to look at the org through its
// own API and control API, and at what the core journaled.
import { expect } from 'vitest';
import { readJournal, type AuditRecord } from '../../../../main/core/audit';
import type { SharedSandbox } from '../../orgs/core-harness';

export interface SandboxSessions {
  sessions: Array<{ id: string; amr: string[]; source: string }>;
  oauthTokens: Array<{ app: string }>;
  rememberedDevices: unknown[];
}

/** The org's API (`/api/v1`) and control API (`/sandbox/v1`) with the admin token, as JSON. */
export function orgApi(sandbox: SharedSandbox) {
  return async <T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${sandbox.url}${path}`, {
      method,
      headers: { Authorization: `SSWS ${sandbox.token}`, Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  };
}

/** An `/api/v1/authn` sign-in straight at the org (the caller, not the console). */
export async function authnSignIn(sandbox: SharedSandbox, username: string, password: string): Promise<{ status: number; body: { status?: string; errorCode?: string; sessionToken?: string } }> {
  const response = await fetch(`${sandbox.url}/api/v1/authn`, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify({ username, password }) });
  return { status: response.status, body: (await response.json()) as { status?: string; errorCode?: string; sessionToken?: string } };
}

/** Journal records written while `work` ran. */
export async function journaledDuring<T>(dataDir: string, work: () => Promise<T>): Promise<{ value: T; records: AuditRecord[] }> {
  const before = new Set((await readJournal(dataDir)).records.map((record) => record.id));
  const value = await work();
  const records = (await readJournal(dataDir)).records.filter((record) => !before.has(record.id));
  return { value, records };
}

/** The id of a user by login, straight from the org. */
export async function userIdOf(sandbox: SharedSandbox, login: string): Promise<string> {
  const answer = await orgApi(sandbox)<{ id: string }>('GET', `/api/v1/users/${encodeURIComponent(login)}`);
  expect(answer.status).toBe(200);
  return answer.body.id;
}
