import type { OrgClock } from '../clock';

interface IssuedAccessToken {
  clientId: string;
  /** The grant a user's token belongs to; null for a service app's (client credentials have none). */
  grantId: string | null;
  /** When it stops working, in org time (its lifetime counted from its issue on the org clock). */
  expiresAtOrgTime: number;
  /** Its `exp`, real time (ms), after which the entry may go. */
  expiresAtRealTime: number;
}

/**
 * The access tokens the org authorization server issued, and which of them still work. They are
 * JWTs, which oidc-provider never stores, so its grant revocation (refresh token reuse) and
 * `/revoke` cannot reach them: the resource server asks this ledger instead, fed by the
 * provider's token customizer and its `grant.revoked` event. Lifetimes run on the org clock here,
 * so advancing the clock by an hour expires access tokens at the API as Okta's would.
 */
export class IssuedTokens {
  private readonly accessTokens = new Map<string, IssuedAccessToken>();
  private readonly revokedGrants = new Set<string>();
  /** The grants each user's tokens belong to, so clearing a user's sessions with `oauthTokens` can revoke them all. */
  private readonly grantsOfUser = new Map<string, Set<string>>();

  constructor(private readonly clock: OrgClock) {}

  issued(jti: string, token: { clientId: string; grantId: string | null; lifetimeSeconds: number; exp: number; userId?: string }): void {
    const now = Date.now();
    if (token.userId && token.grantId) {
      const grants = this.grantsOfUser.get(token.userId) ?? new Set<string>();
      grants.add(token.grantId);
      this.grantsOfUser.set(token.userId, grants);
    }
    for (const [id, entry] of this.accessTokens) if (entry.expiresAtRealTime < now) this.accessTokens.delete(id);
    this.accessTokens.set(jti, {
      clientId: token.clientId,
      grantId: token.grantId,
      expiresAtOrgTime: this.clock.now() + token.lifetimeSeconds * 1000,
      expiresAtRealTime: token.exp * 1000,
    });
  }

  /** Whether the access token with this `jti` (signature already checked) still works for its app. */
  isLive(jti: string, clientId: string): boolean {
    const entry = this.accessTokens.get(jti);
    if (!entry || entry.clientId !== clientId) return false;
    if (entry.grantId !== null && this.revokedGrants.has(entry.grantId)) return false;
    return this.clock.now() < entry.expiresAtOrgTime;
  }

  revokeAccessToken(jti: string): void {
    this.accessTokens.delete(jti);
  }

  /** The grant is gone (refresh token reuse, a revoked refresh token): every access token of it stops working. */
  revokeGrant(grantId: string): void {
    this.revokedGrants.add(grantId);
  }

  /** Every live grant of the user's tokens is revoked (their access tokens stop working); answers those grants. */
  revokeUser(userId: string): string[] {
    const grants = [...(this.grantsOfUser.get(userId) ?? [])].filter((grantId) => !this.revokedGrants.has(grantId));
    for (const grantId of grants) this.revokedGrants.add(grantId);
    this.grantsOfUser.delete(userId);
    return grants;
  }
}
