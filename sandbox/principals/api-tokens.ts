import { createHash } from 'node:crypto';
import type { Principal } from './principal';

/** An SSWS API token: it acts with the current admin roles of the user it belongs to. */
export interface ApiToken {
  /** `00T…`, as Okta's token ids (and the System Log's `requestApiTokenId`). */
  id: string;
  name: string;
  userId: string;
  created: number;
}

const digest = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');

/**
 * The org's API tokens. Only a digest of each secret is kept, and a presented token is found by
 * its digest, so no comparison runs over the secret itself.
 */
export class ApiTokens {
  private readonly byDigest = new Map<string, ApiToken>();
  private readonly digestById = new Map<string, string>();

  add(token: ApiToken, secret: string): void {
    const key = digest(secret);
    if (this.byDigest.has(key)) throw new Error('Every API token must be different.');
    if (this.digestById.has(token.id)) throw new Error(`An API token with id ${token.id} exists already.`);
    this.byDigest.set(key, token);
    this.digestById.set(token.id, key);
  }

  get(id: string): ApiToken | undefined {
    const key = this.digestById.get(id);
    return key === undefined ? undefined : this.byDigest.get(key);
  }

  list(): ApiToken[] {
    return [...this.byDigest.values()];
  }

  /** Revokes a token; calls made with it answer 401 from then on. */
  revoke(id: string): boolean {
    const key = this.digestById.get(id);
    if (key === undefined) return false;
    this.digestById.delete(id);
    return this.byDigest.delete(key);
  }

  /** The principal an `Authorization: SSWS <token>` header names, or null (no header, another scheme, an unknown token). */
  principalFor(authorization: string | undefined): Principal | null {
    if (typeof authorization !== 'string' || !/^SSWS\s+/i.test(authorization)) return null;
    const presented = authorization.replace(/^SSWS\s+/i, '').trim();
    if (presented === '') return null;
    const token = this.byDigest.get(digest(presented));
    if (!token) return null;
    return {
      kind: 'apiToken',
      rateLimitId: token.id,
      rateLimitType: 'SSWS_TOKEN',
      assignee: { kind: 'user', userId: token.userId },
      userId: token.userId,
      scopes: null,
      apiTokenId: token.id,
      clientId: null,
      scheme: 'SSWS',
    };
  }
}
