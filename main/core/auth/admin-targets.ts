import { FactorDeskError } from '../../../contract/errors';
import type { OktaClient } from '../okta/client';
import { listUserRoles } from '../okta/resources/roles';

/** Whether a user holds an Okta admin role, as far as the connection can tell. */
export type AdminStatus = { kind: 'admin'; roles: string[] } | { kind: 'not_admin' } | { kind: 'unknown'; why: string };

/** How long a user's roles are trusted before being read again: roles rarely change mid-call. */
const CACHE_MS = 60_000;

/**
 * Reads whether the user an action is about holds an admin role (`GET /users/{id}/roles`), cached
 * briefly per org and user. Roles the connection may not read (403) are `unknown`, and said so.
 */
export class AdminTargets {
  readonly #cache = new Map<string, { status: AdminStatus; at: number }>();

  constructor(private readonly now: () => Date) {}

  async statusOf(client: OktaClient, orgId: string, userId: string): Promise<AdminStatus> {
    const key = `${orgId} ${userId}`;
    const cached = this.#cache.get(key);
    const at = this.now().getTime();
    if (cached && at - cached.at < CACHE_MS && at >= cached.at) return cached.status;
    let status: AdminStatus;
    try {
      const roles = await listUserRoles(client, userId);
      status = roles.length > 0 ? { kind: 'admin', roles: roles.map((role) => role.label ?? role.type) } : { kind: 'not_admin' };
    } catch (error) {
      if (!(error instanceof FactorDeskError) || error.data.code !== 'PERMISSION_DENIED') throw error;
      status = { kind: 'unknown', why: "your connection may not read users' admin roles (okta.roles.read, or a role that allows it)" };
    }
    this.#cache.set(key, { status, at });
    if (this.#cache.size > 1000) this.#cache.delete(this.#cache.keys().next().value ?? key);
    return status;
  }
}
